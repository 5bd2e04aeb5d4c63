// The pack as a library: other teams compose these rules into their own pack, as awsguard allows.
//
//   import { PolicyPack } from "@pulumi/policy";
//   import { appstackPolicies } from "@appstack/policies/pack";
//   new PolicyPack("acme", { policies: [...appstackPolicies({ environment: "prod", exclude: ["budget-monthly-cost"] }), ...ours] });
//
// Levels and config are baked into the returned policies: a level becomes the policy's `enforcementLevel`, config
// values become its schema defaults, which the CLI applies before any `--policy-pack-config` file (so that file can
// still override them). Without options the policies are returned as defined; ./index.ts is one call of this.

import * as fs from "node:fs";
import * as path from "node:path";
import type { EnforcementLevel, Policies, Policy, PolicyConfigSchema, PolicyPackArgs } from "@pulumi/policy";
import { policies as allPolicies } from "./rules";
import { isRecord, nearestKey, unknownConfigKeyMessage } from "./rules/util";

export type Environment = "dev" | "staging" | "prod";
const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

/** One policy's settings: a level, or an object with an optional level and config values. */
export type PolicySettings = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

export interface AppstackPolicyOptions {
    /** Start from the shipped config of this environment (policies/config/<environment>.json): its levels and thresholds. */
    environment?: Environment;
    /** Settings per policy name, applied over the environment's; `all` sets every policy's level first. */
    config?: Record<string, PolicySettings>;
    /** Policy names to leave out. */
    exclude?: string[];
}

function fail(where: string, message: string): never {
    throw new Error(`appstack policies: ${where}: ${message}`);
}

function levelOf(value: unknown, where: string): EnforcementLevel {
    if (typeof value !== "string" || !LEVELS.includes(value)) {
        fail(where, `${JSON.stringify(value)} is not an enforcement level; allowed: ${LEVELS.join(", ")}`);
    }
    return value as EnforcementLevel;
}

/** The shipped config of an environment, as a `--policy-pack-config` file holds it. */
export function environmentConfig(environment: Environment): Record<string, PolicySettings> {
    const file = path.join(__dirname, "config", `${environment}.json`);
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!isRecord(parsed)) {
        fail(file, "must be a JSON object of policy name → level or settings");
    }
    return parsed as Record<string, PolicySettings>;
}

/** A copy of `policy` with `settings` baked in (level, schema defaults). */
function configure<P extends Policy>(
    policy: P,
    settings: PolicySettings | undefined,
    allLevel: EnforcementLevel | undefined,
    where: string,
): P {
    let level = allLevel ?? policy.enforcementLevel;
    let schema: PolicyConfigSchema | undefined = policy.configSchema;
    if (typeof settings === "string") {
        level = levelOf(settings, where);
    } else if (settings !== undefined) {
        const { enforcementLevel, ...values } = settings;
        if (enforcementLevel !== undefined) {
            level = levelOf(enforcementLevel, `${where}.enforcementLevel`);
        }
        const properties = { ...(schema?.properties ?? {}) };
        const unknown = Object.keys(values).filter((k) => !(k in properties));
        if (unknown.length > 0) {
            fail(where, unknownConfigKeyMessage(unknown, Object.keys(properties)));
        }
        for (const [key, value] of Object.entries(values)) {
            if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
                fail(`${where}.${key}`, "must be a JSON value (boolean, number, string, array or object)");
            }
            properties[key] = { ...properties[key], default: value };
        }
        schema = { ...schema, properties };
    }
    return { ...policy, enforcementLevel: level, configSchema: schema };
}

/** The pack's policies with levels and config applied; see the file comment. */
export function appstackPolicies(options: AppstackPolicyOptions = {}): Policies {
    const settings: Record<string, PolicySettings> = {
        ...(options.environment ? environmentConfig(options.environment) : {}),
        ...(options.config ?? {}),
    };
    const names = allPolicies.map((p) => p.name);
    for (const name of [...Object.keys(settings), ...(options.exclude ?? [])]) {
        if (name !== "all" && !names.includes(name)) {
            const near = nearestKey(name, names);
            fail(
                `policy "${name}"`,
                `no such policy${near !== undefined ? ` (did you mean "${near}"?)` : ""}; see the rule table in policies/README.md`,
            );
        }
    }
    const all = settings["all"];
    const allLevel = all === undefined ? undefined : levelOf(typeof all === "string" ? all : all.enforcementLevel, "all");
    return allPolicies
        .filter((p) => !(options.exclude ?? []).includes(p.name))
        .map((p) => configure(p, settings[p.name], allLevel, `policy "${p.name}"`));
}

/** Arguments for `new PolicyPack(name, ...)`: the policies, the pack-wide level and a description. */
export function appstackPolicyPackArgs(options: AppstackPolicyOptions = {}): PolicyPackArgs {
    return {
        policies: appstackPolicies(options),
        enforcementLevel: "mandatory",
        description: "AppStack guardrails: RPO 1 h / RTO 4 h, encryption at rest and in transit, no data loss, WAF at the edge, budgets.",
    };
}
