/**
 * CloudFront cache invalidation through the CloudFront API (CreateInvalidation), from a Pulumi dynamic provider:
 * no AWS CLI on the deploying machine. Modelled on SST's distribution-invalidation provider (sst/sst,
 * platform/src/components/aws/providers/distribution-invalidation.ts at bd189e0080b38b09b6c5e618118173313e15ef65:
 * inputs `distributionId`, `paths`, `wait`, `version`, lines 9-14; paths split into invalidations of at most 3,000
 * file paths and 15 wildcard paths, lines 6-7 and 45-75; `CreateInvalidationCommand` with a `Date.now()` caller
 * reference, lines 77-101; `waitUntilInvalidationCompleted` with `maxWaitTime: 600`, lines 103-127, whose errors SST
 * suppresses and this provider reports), read 2026-12-06. The limits are CloudFront's quotas on invalidations in
 * progress per distribution (Amazon CloudFront Developer Guide, "Quotas on invalidations",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-invalidations).
 *
 * The type token is the generic `pulumi-nodejs:dynamic:Resource`; the constant input `appstackResource:
 * "cloudfront-invalidation"` tells it apart (policies/README.md, "Dynamic resources").
 *
 * The provider object is serialized into the stack's state by Pulumi's closure serializer and run later by the
 * dynamic provider host, so its methods use nothing but the plain functions and constants of this file, and load the
 * SDK inside the method (`require("@aws-sdk/client-cloudfront")`, as the serializer itself advises for modules). The
 * SDK takes credentials from the default chain of the machine running Pulumi (environment, shared config and
 * `AWS_PROFILE`, SSO, web identity, instance role), as the AWS CLI did; the `aws:` stack config (profile, assumed
 * role) of the Pulumi AWS provider does not reach it. It needs `cloudfront:CreateInvalidation` (and
 * `cloudfront:GetInvalidation` with `wait`) on the distribution.
 */
import type * as CloudFront from "@aws-sdk/client-cloudfront";
import * as pulumi from "@pulumi/pulumi";

/** Most file paths (no trailing `*`) in one invalidation. */
export const INVALIDATION_FILE_PATH_LIMIT = 3000;
/** Most wildcard paths (trailing `*`) in one invalidation. */
export const INVALIDATION_WILDCARD_PATH_LIMIT = 15;
/** Seconds `wait` waits for CloudFront to report the invalidations `Completed`. */
export const INVALIDATION_MAX_WAIT_SECONDS = 600;

export interface CloudFrontInvalidationInputs {
    /** The distribution whose edge caches are invalidated. */
    distributionId: string;
    /** Paths to invalidate, each starting with `/`; a trailing `*` is a wildcard (`/*`: everything, one path). */
    paths: string[];
    /** Invalidate again whenever this changes, e.g. a hash of the uploaded content. */
    version: string;
    /** Wait until CloudFront reports every invalidation `Completed` (usually under a few minutes). */
    wait: boolean;
}

export interface CloudFrontInvalidationOutputs extends CloudFrontInvalidationInputs {
    /** The ids of the invalidations last created. */
    invalidationIds: string[];
    appstackResource: "cloudfront-invalidation";
}

/** The invalidation batches of `paths`: at most 3,000 file paths and 15 wildcard paths each, as SST splits them. */
export function invalidationBatches(paths: readonly string[]): string[][] {
    const files = paths.filter((p) => !p.trim().endsWith("*"));
    const wildcards = paths.filter((p) => p.trim().endsWith("*"));
    const count = Math.max(
        Math.ceil(files.length / INVALIDATION_FILE_PATH_LIMIT),
        Math.ceil(wildcards.length / INVALIDATION_WILDCARD_PATH_LIMIT),
    );
    const batches: string[][] = [];
    for (let i = 0; i < count; i++) {
        batches.push([
            ...files.slice(i * INVALIDATION_FILE_PATH_LIMIT, (i + 1) * INVALIDATION_FILE_PATH_LIMIT),
            ...wildcards.slice(i * INVALIDATION_WILDCARD_PATH_LIMIT, (i + 1) * INVALIDATION_WILDCARD_PATH_LIMIT),
        ]);
    }
    return batches;
}

/** Creates the invalidations of `inputs` (and waits for them with `wait`); returns their ids. */
async function invalidate(inputs: CloudFrontInvalidationInputs): Promise<string[]> {
    // Loaded here, at run time in the dynamic provider host, not captured: the host compiles the serialized provider
    // as a module without a file name (require-from-string), whose `require` resolves from the working directory
    // (the Pulumi project) while a native `import()` there has no referrer to resolve from. The serializer never
    // captures `require` (@pulumi/pulumi runtime/closure/parseFunction.js).
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-assignment -- see above; typed by the annotation
    const sdk: typeof CloudFront = require("@aws-sdk/client-cloudfront");
    const { CloudFrontClient, CreateInvalidationCommand, waitUntilInvalidationCompleted } = sdk;
    // CloudFront is a global service signed in us-east-1.
    const client = new CloudFrontClient({ region: "us-east-1" });
    const ids: string[] = [];
    try {
        for (const [i, batch] of invalidationBatches(inputs.paths).entries()) {
            const result = await client.send(
                new CreateInvalidationCommand({
                    DistributionId: inputs.distributionId,
                    InvalidationBatch: {
                        // Unique per call: a reused reference with the same paths returns the earlier invalidation instead of a new one.
                        CallerReference: `appstack-${inputs.version.slice(0, 16)}-${Date.now()}-${i}`,
                        Paths: { Quantity: batch.length, Items: batch },
                    },
                }),
            );
            const id = result.Invalidation?.Id;
            if (id === undefined) throw new Error(`CloudFront returned no invalidation id for distribution ${inputs.distributionId}`);
            ids.push(id);
        }
        if (inputs.wait) {
            for (const id of ids) {
                await waitUntilInvalidationCompleted(
                    { client, maxWaitTime: INVALIDATION_MAX_WAIT_SECONDS },
                    { DistributionId: inputs.distributionId, Id: id },
                );
            }
        }
    } finally {
        client.destroy();
    }
    return ids;
}

/** Provider of {@link CloudFrontInvalidation}. Deleting it does nothing: an invalidation cannot be undone. */
export class CloudFrontInvalidationProvider implements pulumi.dynamic.ResourceProvider<
    CloudFrontInvalidationInputs,
    CloudFrontInvalidationOutputs
> {
    async create(inputs: CloudFrontInvalidationInputs): Promise<pulumi.dynamic.CreateResult<CloudFrontInvalidationOutputs>> {
        const invalidationIds = await invalidate(inputs);
        return {
            id: `${inputs.distributionId}/invalidation`,
            outs: { ...inputs, invalidationIds, appstackResource: "cloudfront-invalidation" },
        };
    }

    diff(_id: string, olds: CloudFrontInvalidationOutputs, news: CloudFrontInvalidationInputs): Promise<pulumi.dynamic.DiffResult> {
        const changed =
            olds.distributionId !== news.distributionId ||
            olds.version !== news.version ||
            olds.wait !== news.wait ||
            JSON.stringify(olds.paths) !== JSON.stringify(news.paths);
        return Promise.resolve({ changes: changed, replaces: [], deleteBeforeReplace: false });
    }

    async update(
        _id: string,
        olds: CloudFrontInvalidationOutputs,
        news: CloudFrontInvalidationInputs,
    ): Promise<pulumi.dynamic.UpdateResult<CloudFrontInvalidationOutputs>> {
        // A change of `wait` alone invalidates nothing: the content has not changed.
        const again =
            olds.distributionId !== news.distributionId ||
            olds.version !== news.version ||
            JSON.stringify(olds.paths) !== JSON.stringify(news.paths);
        const invalidationIds = again ? await invalidate(news) : olds.invalidationIds;
        return { outs: { ...news, invalidationIds, appstackResource: "cloudfront-invalidation" } };
    }
}

export type CloudFrontInvalidationArgs = { [K in keyof CloudFrontInvalidationInputs]: pulumi.Input<CloudFrontInvalidationInputs[K]> };

/** Invalidates `paths` of a CloudFront distribution when created and whenever `version` (or the paths) change. */
export class CloudFrontInvalidation extends pulumi.dynamic.Resource {
    declare public readonly invalidationIds: pulumi.Output<string[]>;
    declare public readonly version: pulumi.Output<string>;

    constructor(name: string, args: CloudFrontInvalidationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            new CloudFrontInvalidationProvider(),
            name,
            { invalidationIds: undefined, ...args, appstackResource: "cloudfront-invalidation" },
            opts,
        );
    }
}
