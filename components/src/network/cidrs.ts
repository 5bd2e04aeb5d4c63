/**
 * The subnet layout of `AwsNetwork`: {@link subnetCidrs} carves the public, private and data subnets of every
 * availability zone from the VPC CIDR, at plan time.
 */
import { checkRange, InvalidArgumentError } from "../core";

/** The CIDR blocks of one availability zone's three subnets. */
export interface AzSubnetCidrs {
    /** Load balancers only. */
    public: string;
    /** Services. */
    private: string;
    /** Data stores. */
    data: string;
}

/** Smallest and largest VPC prefix {@link subnetCidrs} can carve (a /20 VPC leaves /26 public and data subnets). */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;

/** Most availability zones a network spans; {@link subnetCidrs} keeps room for exactly this many. */
export const MAX_AZS = 6;

function parseIpv4(address: string): number | undefined {
    const parts = address.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0;
    for (const part of parts) {
        if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
        const octet = Number(part);
        if (octet > 255) return undefined;
        value = value * 256 + octet;
    }
    return value;
}

function formatIpv4(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * Carves the subnets of every availability zone from a VPC CIDR, deterministically: the CIDR of zone `i`
 * depends only on the VPC CIDR and `i`, never on how many zones there are, so adding a zone never moves
 * (replaces) an existing subnet.
 *
 * Layout of a VPC of prefix `/p` (shown for a /16):
 * - private (services): `/p+3` blocks 0-5, e.g. `10.0.0.0/19`, `10.0.32.0/19`, ... (8,187 usable addresses each);
 * - public (load balancers): `/p+6` blocks 48-53, e.g. `10.0.192.0/22`, `10.0.196.0/22`, ... (1,019 each);
 * - data (databases, caches): `/p+6` blocks 56-61, e.g. `10.0.224.0/22`, `10.0.228.0/22`, ... (1,019 each).
 *
 * The rest (`/p+6` blocks 54-55 and 62-63) stays free for later use.
 *
 * @param vpcCidr an IPv4 CIDR with a prefix from 16 to 20 whose address is the network address
 * @param azCount the number of availability zones, 1 to 6
 * @param component who is asking, named in errors
 * @throws InvalidArgumentError on a malformed or unaligned CIDR, a prefix out of range, or a bad zone count
 */
export function subnetCidrs(vpcCidr: string, azCount: number, component = "subnetCidrs"): AzSubnetCidrs[] {
    const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(vpcCidr);
    const base = match ? parseIpv4(match[1] ?? "") : undefined;
    const prefix = match ? Number(match[2]) : NaN;
    if (base === undefined || !Number.isInteger(prefix)) {
        throw new InvalidArgumentError(
            component,
            "vpcCidr",
            `is ${JSON.stringify(vpcCidr)}, not an IPv4 CIDR`,
            "a block such as 10.0.0.0/16",
        );
    }
    if (prefix < VPC_PREFIX_RANGE.min || prefix > VPC_PREFIX_RANGE.max) {
        throw new InvalidArgumentError(
            component,
            "vpcCidr",
            `has prefix /${prefix}`,
            `a prefix from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`,
        );
    }
    const vpcSize = 2 ** (32 - prefix);
    if (base % vpcSize !== 0) {
        throw new InvalidArgumentError(
            component,
            "vpcCidr",
            `is ${vpcCidr}, whose address is not the network address`,
            `${formatIpv4(base - (base % vpcSize))}/${prefix}`,
        );
    }
    checkRange(component, "azCount", azCount, 1, MAX_AZS);
    const large = vpcSize / 8; // /p+3
    const small = vpcSize / 64; // /p+6
    const block = (index: number, size: number, bits: number) => `${formatIpv4(base + index * size)}/${prefix + bits}`;
    return Array.from({ length: azCount }, (_, i) => ({
        private: block(i, large, 3),
        public: block(48 + i, small, 6),
        data: block(56 + i, small, 6),
    }));
}
