import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, type DataProtection, InvalidArgumentError, type Link, type Linkable, type Transform } from "../core";

export interface AwsSecretArgs extends BaseArgs, DataProtection {
    /**
     * The values, by name, stored as one JSON object in one Secrets Manager secret. Pass them from
     * `pulumi config set --secret`: they stay secret in state and in every output.
     * Changing the names or values writes a new secret version (no replacement).
     */
    values: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The names of `values`, known at plan time, so consumers can reference `${arn}:<name>::` per key. */
    keys: string[];
    /**
     * Days a deleted secret can still be restored.
     * @default 30 in staging and prod, 7 in dev (the minimum)
     */
    recoveryWindowDays?: number;
    /** KMS key for the secret. @default the account's `aws/secretsmanager` key (no key charge) */
    kmsKeyId?: pulumi.Input<string>;
    /** Edits of the computed args of the secret and its version. @default none: each child takes the args the component computed */
    transform?: {
        secret?: Transform<aws.secretsmanager.SecretArgs>;
        version?: Transform<aws.secretsmanager.SecretVersionArgs>;
    };
}

/**
 * Application secrets in AWS Secrets Manager, one JSON secret holding several values. Link a container service to
 * it (`links: [secret]`) and the service reads each key as an environment variable, with read access to exactly this secret.
 *
 * Cost: $0.40 per secret per month plus $0.05 per 10,000 API calls.
 */
export class AwsSecret extends Component implements Linkable {
    public readonly secretArn: pulumi.Output<string>;
    public readonly keys: string[];

    constructor(name: string, args: AwsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("secrets:AwsSecret", name, args, opts);
        for (const key of args.keys) {
            if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
                throw new InvalidArgumentError(
                    `AwsSecret "${name}"`,
                    `keys`,
                    `contains ${JSON.stringify(key)}`,
                    "names made of letters, digits and _",
                );
        }
        const recoveryWindowDays = args.recoveryWindowDays ?? (this.environment === "dev" ? 7 : 30);
        if (!Number.isInteger(recoveryWindowDays) || recoveryWindowDays < 7 || recoveryWindowDays > 30) {
            throw new InvalidArgumentError(`AwsSecret "${name}"`, "recoveryWindowDays", `is ${recoveryWindowDays}`, "7 to 30");
        }
        this.keys = [...args.keys];
        const secret = this.child(
            aws.secretsmanager.Secret,
            "secret",
            { name: this.physicalName("", "default"), recoveryWindowInDays: recoveryWindowDays, kmsKeyId: args.kmsKeyId, tags: this.tags },
            args.transform?.secret,
            this.dataOptions(args),
        );
        this.child(
            aws.secretsmanager.SecretVersion,
            "version",
            { secretId: secret.id, secretString: pulumi.secret(pulumi.output(args.values).apply((v) => JSON.stringify(v))) },
            args.transform?.version,
        );
        this.secretArn = secret.arn;
        this.registerOutputs({ secretArn: this.secretArn });
    }

    /** One environment variable per key, read from this secret when a task starts (`<arn>:<key>::`). */
    link(): Link {
        return { name: this.name, aws: { secrets: Object.fromEntries(this.keys.map((key) => [key, { secretArn: this.secretArn, key }])) } };
    }
}
