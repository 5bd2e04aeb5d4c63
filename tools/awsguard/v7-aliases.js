/**
 * What AWSGuard 0.3.1 would flag if it knew @pulumi/aws v7's type tokens and sub-resources.
 *
 * AWSGuard matches resources by the exact type token of its own @pulumi/aws 4 classes, so in a v7 program it
 * silently skips the load balancer rules (v7 registers `aws:lb/*`, AWSGuard checks the legacy
 * `aws:elasticloadbalancingv2/*` and `aws:applicationloadbalancing/*` tokens) and judges `aws:s3/bucket:Bucket`
 * without the separate `aws:s3/bucketLogging:BucketLogging` resource that now holds a bucket's logging.
 *
 * This script reads a plan (`npm run plan -- --stack prod --json --no-policy`), presents each resource to
 * AWSGuard's own `validateResource` functions under the legacy token(s) it would have had in v4, with v7's
 * BucketLogging sub-resources folded back into the bucket's `loggings`, and prints what they report. Rules that
 * call AWS APIs (validateStack: acm-certificate-expiration, access-keys-rotated; mfa-enabled-for-iam-console-access)
 * are not run: they need credentials and real resources.
 *
 *     npm run plan -- --stack prod --json --no-policy > /tmp/plan-prod.json
 *     node tools/awsguard/v7-aliases.js /tmp/plan-prod.json [--json]
 *
 * Exit code: 0 when nothing is flagged, 1 when something is, 2 on invalid input.
 */
"use strict";
// AWSGuard loads aws-sdk v2, which prints an end-of-support notice on every start.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= "1";
const fs = require("node:fs");

/** v7 token → the tokens AWSGuard's v4 classes carry for the same resource. */
const LEGACY_TOKENS = {
    "aws:lb/loadBalancer:LoadBalancer": [
        "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
        "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    ],
    "aws:lb/listener:Listener": ["aws:elasticloadbalancingv2/listener:Listener", "aws:applicationloadbalancing/listener:Listener"],
    "aws:alb/loadBalancer:LoadBalancer": [
        "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
        "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    ],
    "aws:alb/listener:Listener": ["aws:elasticloadbalancingv2/listener:Listener", "aws:applicationloadbalancing/listener:Listener"],
};

/** Rules that call AWS APIs through aws-sdk v2: not evaluable offline. */
const NEEDS_AWS = new Set(["acm-certificate-expiration", "access-keys-rotated", "mfa-enabled-for-iam-console-access"]);

function awsGuardPolicies() {
    const modules = ["apiGateway", "compute", "database", "elasticsearch", "network", "security", "storage"];
    const policies = [];
    for (const m of modules) {
        for (const value of Object.values(require(`@pulumi/awsguard/${m}`))) {
            if (value && typeof value === "object" && typeof value.name === "string" && (value.validateResource || value.validateStack))
                policies.push(value);
        }
    }
    return policies.sort((a, b) => a.name.localeCompare(b.name));
}

/** The defaults of a policy's config schema (what the CLI hands a policy with no config file entry). */
function defaults(policy) {
    const out = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (schema && "default" in schema) out[key] = schema.default;
    }
    return out;
}

/** v7 moved a bucket's logging to aws:s3/bucketLogging:BucketLogging; give it back to the bucket as v4's `loggings`. */
function foldBucketLogging(resources) {
    const byBucket = new Map();
    for (const r of resources) {
        if (r.type !== "aws:s3/bucketLogging:BucketLogging") continue;
        const bucket = r.inputs?.bucket;
        if (typeof bucket !== "string") continue;
        const list = byBucket.get(bucket) ?? [];
        list.push({ targetBucket: r.inputs.targetBucket, targetPrefix: r.inputs.targetPrefix, via: r.name });
        byBucket.set(bucket, list);
    }
    return (r) => {
        if (r.type !== "aws:s3/bucket:Bucket") return { props: r.inputs ?? {}, folded: [] };
        const extra = byBucket.get(r.inputs?.bucket) ?? [];
        if (extra.length === 0) return { props: r.inputs ?? {}, folded: [] };
        const loggings = [...(r.inputs?.loggings ?? []), ...extra.map(({ via: _via, ...l }) => l)];
        return { props: { ...r.inputs, loggings }, folded: extra.map((l) => l.via) };
    };
}

async function evaluate(plan) {
    const policies = awsGuardPolicies();
    const fold = foldBucketLogging(plan.resources);
    const findings = [];
    const skipped = policies.filter((p) => NEEDS_AWS.has(p.name)).map((p) => p.name);
    for (const r of plan.resources) {
        if (!r.custom) continue;
        const { props, folded } = fold(r);
        const tokens = [r.type, ...(LEGACY_TOKENS[r.type] ?? [])];
        for (const policy of policies) {
            if (NEEDS_AWS.has(policy.name) || !policy.validateResource) continue;
            const validators = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            // Each validator carries the one token it applies to (validateResourceOfType); try the resource's own
            // token first, then the legacy tokens AWSGuard's v4 classes had for it.
            const type = tokens.find((t) => validators.some((v) => v.__pulumiType === t));
            if (!type) continue;
            const messages = new Set();
            for (const validate of validators.filter((v) => v.__pulumiType === type)) {
                const args = {
                    type,
                    props,
                    urn: r.urn,
                    name: r.name,
                    opts: { protect: r.protect, ignoreChanges: [], aliases: [], customTimeouts: {}, additionalSecretOutputs: [] },
                    stackTags: new Map(),
                    getConfig: () => defaults(policy),
                    isType: (cls) => cls.__pulumiType === type,
                    asType: (cls) => (cls.__pulumiType === type ? props : undefined),
                    notApplicable: () => undefined,
                };
                await validate(args, (message) => messages.add(message));
            }
            for (const message of messages) {
                findings.push({
                    policy: policy.name,
                    resource: r.name,
                    type: r.type,
                    evaluatedAs: type,
                    aliased: type !== r.type,
                    folded,
                    message,
                });
            }
            if (!messages.size)
                findings.push({
                    policy: policy.name,
                    resource: r.name,
                    type: r.type,
                    evaluatedAs: type,
                    aliased: type !== r.type,
                    passed: true,
                    folded,
                });
        }
    }
    return { findings, skipped };
}

async function main(argv) {
    const file = argv.find((a) => !a.startsWith("--"));
    const asJson = argv.includes("--json");
    if (!file) {
        process.stderr.write(
            "usage: node tools/awsguard/v7-aliases.js <plan.json from `npm run plan -- --stack <s> --json --no-policy`> [--json]\n",
        );
        return 2;
    }
    let plan;
    try {
        plan = JSON.parse(fs.readFileSync(file === "-" ? 0 : file, "utf8"));
    } catch (err) {
        process.stderr.write(`error: cannot read the plan ${file}: ${err.message}\n`);
        return 2;
    }
    if (!Array.isArray(plan?.resources)) {
        process.stderr.write(`error: ${file} is not a plan document (no resources array)\n`);
        return 2;
    }
    const { findings, skipped } = await evaluate(plan);
    const violations = findings.filter((f) => !f.passed);
    if (asJson) {
        process.stdout.write(
            `${JSON.stringify({ stack: plan.stack, violations, passed: findings.filter((f) => f.passed), skipped }, null, 2)}\n`,
        );
    } else {
        const lines = [
            `AWSGuard 0.3.1 over ${plan.project}/${plan.stack} with v7 tokens mapped to AWSGuard's (offline, validateResource only):`,
        ];
        for (const f of violations) {
            const how = [f.aliased ? `as ${f.evaluatedAs}` : "", f.folded.length ? `with ${f.folded.join(", ")} folded in` : ""]
                .filter(Boolean)
                .join(", ");
            lines.push(`  FLAG ${f.policy}  ${f.resource} (${f.type})${how ? ` [${how}]` : ""}: ${f.message}`);
        }
        for (const f of findings.filter((x) => x.passed)) {
            const how = [f.aliased ? `as ${f.evaluatedAs}` : "", f.folded.length ? `with ${f.folded.join(", ")} folded in` : ""]
                .filter(Boolean)
                .join(", ");
            lines.push(`  pass ${f.policy}  ${f.resource} (${f.type})${how ? ` [${how}]` : ""}`);
        }
        lines.push(`not run offline (they call AWS APIs): ${skipped.join(", ")}`);
        process.stdout.write(`${lines.join("\n")}\n`);
    }
    return violations.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`error: ${err?.stack ?? err}\n`);
        process.exit(2);
    },
);
