/**
 * EC2 On-Demand Linux prices, us-east-1, USD per instance-hour, for every size of the current general-purpose,
 * compute- and memory-optimised families (m5 m6i m6g m7i m7g c5 c6i c6g c7g c7i r5 r6i r6g r7g t3 t3a t4g).
 *
 * Read 2026-12-06 from aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go (generated
 * 2026-07-20T13:44:30Z from the AWS Price List API for us-east-1, file commit 6fc13b52). The vendor page is
 * https://aws.amazon.com/ec2/pricing/on-demand/ . Other regions: us-east-1 × the `ec2` regional factor (an estimate).
 * `npm run prices:regenerate` rewrites this table from the Price List API (GetProducts, AmazonEC2).
 */
import type { PriceEntry } from "./types";

export const EC2_SOURCE = "https://aws.amazon.com/ec2/pricing/on-demand/";
export const EC2_CHECKED_AGAINST =
    "aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go, generated 2026-07-20 from the AWS Price List API";
export const EC2_READ = "2026-12-06";

/** us-east-1 On-Demand Linux USD per hour by instance type. */
export const EC2_HOURLY: Readonly<Record<string, number>> = {
    // m5
    "m5.large": 0.096,
    "m5.xlarge": 0.192,
    "m5.2xlarge": 0.384,
    "m5.4xlarge": 0.768,
    "m5.8xlarge": 1.536,
    "m5.12xlarge": 2.304,
    "m5.16xlarge": 3.072,
    "m5.24xlarge": 4.608,
    "m5.metal": 4.608,
    // m6i
    "m6i.large": 0.096,
    "m6i.xlarge": 0.192,
    "m6i.2xlarge": 0.384,
    "m6i.4xlarge": 0.768,
    "m6i.8xlarge": 1.536,
    "m6i.12xlarge": 2.304,
    "m6i.16xlarge": 3.072,
    "m6i.24xlarge": 4.608,
    "m6i.32xlarge": 6.144,
    "m6i.metal": 6.144,
    // m6g
    "m6g.medium": 0.0385,
    "m6g.large": 0.077,
    "m6g.xlarge": 0.154,
    "m6g.2xlarge": 0.308,
    "m6g.4xlarge": 0.616,
    "m6g.8xlarge": 1.232,
    "m6g.12xlarge": 1.848,
    "m6g.16xlarge": 2.464,
    "m6g.metal": 2.6112,
    // m7i
    "m7i.large": 0.1008,
    "m7i.xlarge": 0.2016,
    "m7i.2xlarge": 0.4032,
    "m7i.4xlarge": 0.8064,
    "m7i.8xlarge": 1.6128,
    "m7i.12xlarge": 2.4192,
    "m7i.16xlarge": 3.2256,
    "m7i.24xlarge": 4.8384,
    "m7i.48xlarge": 9.6768,
    "m7i.metal-24xl": 5.32224,
    "m7i.metal-48xl": 9.6768,
    // m7g
    "m7g.medium": 0.0408,
    "m7g.large": 0.0816,
    "m7g.xlarge": 0.1632,
    "m7g.2xlarge": 0.3264,
    "m7g.4xlarge": 0.6528,
    "m7g.8xlarge": 1.3056,
    "m7g.12xlarge": 1.9584,
    "m7g.16xlarge": 2.6112,
    "m7g.metal": 2.6112,
    // c5
    "c5.large": 0.085,
    "c5.xlarge": 0.17,
    "c5.2xlarge": 0.34,
    "c5.4xlarge": 0.68,
    "c5.9xlarge": 1.53,
    "c5.12xlarge": 2.04,
    "c5.18xlarge": 3.06,
    "c5.24xlarge": 4.08,
    "c5.metal": 4.08,
    // c6i
    "c6i.large": 0.085,
    "c6i.xlarge": 0.17,
    "c6i.2xlarge": 0.34,
    "c6i.4xlarge": 0.68,
    "c6i.8xlarge": 1.36,
    "c6i.12xlarge": 2.04,
    "c6i.16xlarge": 2.72,
    "c6i.24xlarge": 4.08,
    "c6i.32xlarge": 5.44,
    "c6i.metal": 5.44,
    // c6g
    "c6g.medium": 0.034,
    "c6g.large": 0.068,
    "c6g.xlarge": 0.136,
    "c6g.2xlarge": 0.272,
    "c6g.4xlarge": 0.544,
    "c6g.8xlarge": 1.088,
    "c6g.12xlarge": 1.632,
    "c6g.16xlarge": 2.176,
    "c6g.metal": 2.3066,
    // c7g
    "c7g.medium": 0.0363,
    "c7g.large": 0.0725,
    "c7g.xlarge": 0.145,
    "c7g.2xlarge": 0.29,
    "c7g.4xlarge": 0.58,
    "c7g.8xlarge": 1.16,
    "c7g.12xlarge": 1.74,
    "c7g.16xlarge": 2.32,
    "c7g.metal": 2.32,
    // c7i
    "c7i.large": 0.08925,
    "c7i.xlarge": 0.1785,
    "c7i.2xlarge": 0.357,
    "c7i.4xlarge": 0.714,
    "c7i.8xlarge": 1.428,
    "c7i.12xlarge": 2.142,
    "c7i.16xlarge": 2.856,
    "c7i.24xlarge": 4.284,
    "c7i.48xlarge": 8.568,
    "c7i.metal-24xl": 4.7124,
    "c7i.metal-48xl": 8.568,
    // r5
    "r5.large": 0.126,
    "r5.xlarge": 0.252,
    "r5.2xlarge": 0.504,
    "r5.4xlarge": 1.008,
    "r5.8xlarge": 2.016,
    "r5.12xlarge": 3.024,
    "r5.16xlarge": 4.032,
    "r5.24xlarge": 6.048,
    "r5.metal": 6.048,
    // r6i
    "r6i.large": 0.126,
    "r6i.xlarge": 0.252,
    "r6i.2xlarge": 0.504,
    "r6i.4xlarge": 1.008,
    "r6i.8xlarge": 2.016,
    "r6i.12xlarge": 3.024,
    "r6i.16xlarge": 4.032,
    "r6i.24xlarge": 6.048,
    "r6i.32xlarge": 8.064,
    "r6i.metal": 8.064,
    // r6g
    "r6g.medium": 0.0504,
    "r6g.large": 0.1008,
    "r6g.xlarge": 0.2016,
    "r6g.2xlarge": 0.4032,
    "r6g.4xlarge": 0.8064,
    "r6g.8xlarge": 1.6128,
    "r6g.12xlarge": 2.4192,
    "r6g.16xlarge": 3.2256,
    "r6g.metal": 3.4191,
    // r7g
    "r7g.medium": 0.0536,
    "r7g.large": 0.1071,
    "r7g.xlarge": 0.2142,
    "r7g.2xlarge": 0.4284,
    "r7g.4xlarge": 0.8568,
    "r7g.8xlarge": 1.7136,
    "r7g.12xlarge": 2.5704,
    "r7g.16xlarge": 3.4272,
    "r7g.metal": 3.4272,
    // t3
    "t3.nano": 0.0052,
    "t3.micro": 0.0104,
    "t3.small": 0.0208,
    "t3.medium": 0.0416,
    "t3.large": 0.0832,
    "t3.xlarge": 0.1664,
    "t3.2xlarge": 0.3328,
    // t3a
    "t3a.nano": 0.0047,
    "t3a.micro": 0.0094,
    "t3a.small": 0.0188,
    "t3a.medium": 0.0376,
    "t3a.large": 0.0752,
    "t3a.xlarge": 0.1504,
    "t3a.2xlarge": 0.3008,
    // t4g
    "t4g.nano": 0.0042,
    "t4g.micro": 0.0084,
    "t4g.small": 0.0168,
    "t4g.medium": 0.0336,
    "t4g.large": 0.0672,
    "t4g.xlarge": 0.1344,
    "t4g.2xlarge": 0.2688,
};

/** The price entry of an instance type, or undefined when the table does not hold it. */
export function ec2Entry(instanceType: string): PriceEntry | undefined {
    const usd = EC2_HOURLY[instanceType];
    if (usd === undefined) return undefined;
    return {
        usd,
        unit: "instance-hour (Linux, On-Demand)",
        group: "ec2",
        source: EC2_SOURCE,
        verified: true,
        read: EC2_READ,
        checkedAgainst: EC2_CHECKED_AGAINST,
    };
}
