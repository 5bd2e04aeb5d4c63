import { afterAll, describe, expect, it } from "vitest";
import { type PolicyMeta, PolicyConfigError, loadConfigFile, reconcileConfig, validateSchema } from "../../tools/plan/gate/config";
import { configFile, removeTemporary } from "./support";

afterAll(removeTemporary);

const LEVEL = { type: "string", enum: ["advisory", "mandatory", "remediate", "disabled"] };
const policies: PolicyMeta[] = [
    {
        name: "backups",
        description: "",
        enforcementLevel: "mandatory",
        configSchema: {
            properties: {
                enforcementLevel: LEVEL,
                days: { type: "integer", minimum: 1, default: 7 },
                regions: { type: "array", items: { type: "string" }, default: ["us-east-1"] },
            },
            required: [],
        },
    },
    {
        name: "owner",
        description: "",
        enforcementLevel: "advisory",
        configSchema: { properties: { enforcementLevel: LEVEL, tag: { type: "string" } }, required: ["tag"] },
    },
];

describe("policy pack config reconciliation (as the CLI)", () => {
    it("layers schema defaults, the pack's initial config, then the file; `all` first, then named policies", () => {
        const file = loadConfigFile(
            configFile({ all: "advisory", backups: { enforcementLevel: "disabled", days: 30 }, owner: { tag: "team" } }),
            policies,
        );
        const config = reconcileConfig(policies, { backups: { enforcementLevel: "remediate", properties: { days: 14 } } }, file, "f.json");
        expect(config["backups"]).toEqual({ enforcementLevel: "disabled", properties: { days: 30, regions: ["us-east-1"] } });
        expect(config["owner"]).toEqual({ enforcementLevel: "advisory", properties: { tag: "team" } });
        // Like the CLI, the `all` entry itself is passed on to the pack.
        expect(config["all"]).toEqual({ enforcementLevel: "advisory", properties: null });
    });

    it("reports a required key without a value, and blames a bad default on the pack", () => {
        const broken: PolicyMeta[] = [
            { ...policies[0], configSchema: { properties: { days: { type: "integer", minimum: 1, default: 0 } }, required: [] } },
            policies[1],
        ];
        try {
            reconcileConfig(broken, {}, null, undefined);
            expect.unreachable();
        } catch (err) {
            expect(err).toBeInstanceOf(PolicyConfigError);
            expect((err as PolicyConfigError).problems).toEqual([
                { policy: "backups", key: "days", message: "0 is too small; allowed: integer, ≥ 1 (the schema's own default)" },
                { policy: "owner", key: "tag", message: "is required but not set; allowed: string" },
            ]);
        }
    });

    it("rejects a misspelt policy-config key, naming the nearest valid one (the plan exits 2 on PolicyConfigError)", () => {
        expect(() => loadConfigFile(configFile({ backup: "advisory" }), policies)).toThrow(
            /policy "backup": no policy of this name in the pack \(did you mean "backups"\?\)/,
        );
        const file = loadConfigFile(configFile({ backups: { dayz: 30 }, owner: { tag: "t" } }), policies);
        try {
            reconcileConfig(policies, {}, file, "f.json");
            expect.unreachable();
        } catch (err) {
            expect(err).toBeInstanceOf(PolicyConfigError);
            expect((err as PolicyConfigError).problems).toEqual([
                { policy: "backups", key: "dayz", message: 'unknown key (did you mean "days"?); allowed: "days", "regions"' },
            ]);
        }
    });

    it("validates nested values and refuses keywords it cannot check", () => {
        expect(validateSchema({ type: "array", items: { type: "string" } }, ["a", 1], [])).toEqual([
            { path: ["1"], message: "expected string, got integer 1; allowed: string" },
        ]);
        expect(
            validateSchema({ type: "object", properties: { a: { type: "boolean" } }, additionalProperties: false }, { a: true, b: 1 }, []),
        ).toEqual([{ path: ["b"], message: 'unknown key; allowed: "a"' }]);
        expect(validateSchema({ type: "number", exclusiveMinimum: 0 }, 0, [])).toHaveLength(1);
        expect(validateSchema({ $ref: "#/definitions/x" }, 1, [])[0]?.message).toContain('"$ref"');
        expect(validateSchema({ anyOf: [{ type: "string" }, { type: "integer" }] }, 2, [])).toEqual([]);
    });
});
