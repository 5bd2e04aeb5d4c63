import * as aws from "@pulumi/aws";
import * as awsConfig from "@pulumi/aws/config";
import * as cloudflareConfig from "@pulumi/cloudflare/config";
import * as gcpConfig from "@pulumi/gcp/config";
import * as githubConfig from "@pulumi/github/config";
import * as sentryConfig from "@pulumiverse/sentry/config";
import * as vercelConfig from "@pulumiverse/vercel/config";
import * as upstashConfig from "@upstash/pulumi/config";

/**
 * The config keys each provider reads, from its own SDK's `config` module (generated from the provider's schema):
 * its getters, one per key (`aws:region`, `aws:profile`, ...). Listing them without calling them reads no value.
 */
function keysOf(module: object): string[] {
    return Object.keys(module).filter((key) => {
        const descriptor = Object.getOwnPropertyDescriptor(module, key);
        return descriptor !== undefined && typeof descriptor.value !== "function";
    });
}

/** Provider namespace → the keys it accepts, for the providers this library's components use. */
export const PROVIDER_CONFIG_KEYS: Readonly<Record<string, readonly string[]>> = {
    aws: keysOf(awsConfig),
    cloudflare: keysOf(cloudflareConfig),
    gcp: keysOf(gcpConfig),
    github: keysOf(githubConfig),
    sentry: keysOf(sentryConfig),
    upstash: keysOf(upstashConfig),
    vercel: keysOf(vercelConfig),
};

/**
 * Regions the AWS provider knows (`aws.Region`, from the provider schema). The provider validates the region name
 * statically unless `aws:skipRegionValidation` is set (its doc in `@pulumi/aws/config/vars.d.ts`: "Skip static
 * validation of region name").
 */
export const AWS_REGIONS: readonly string[] = Object.values(aws.Region);

/** What is wrong with a provider config value, or `undefined`; `config` is the stack's whole config. */
export function providerValueProblem(fullKey: string, raw: string, config: Readonly<Record<string, string>>): string | undefined {
    if (fullKey === "aws:region" && config["aws:skipRegionValidation"] !== "true" && !AWS_REGIONS.includes(raw)) {
        return `is ${JSON.stringify(raw)}, which is not an AWS region; allowed: ${AWS_REGIONS.join(", ")} (or set aws:skipRegionValidation)`;
    }
    return undefined;
}
