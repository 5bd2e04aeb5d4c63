// One set of property readers (issue 13 item 7): the rules' readers are the cost model's, and the two "unknown"
// questions have two names: a plain placeholder value (cost) vs a read that throws during preview (rules).
import { unknownCheckingProxy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import * as props from "@appstack/cost/props";
import * as util from "../../policies/rules/util";

describe("property readers", () => {
    it("are one set: the rules re-export the cost model's functions", () => {
        for (const name of [
            "asString",
            "asNumber",
            "asBoolean",
            "asArray",
            "asStringArray",
            "asRecord",
            "isRecord",
            "get",
            "readString",
            "readNumber",
            "readBoolean",
            "readArray",
        ] as const) {
            expect(util[name], name).toBe(props[name]);
        }
    });

    it("never read the unknown placeholder as a known string, and tell absent from empty arrays", () => {
        expect(props.asString(props.UNKNOWN_PLACEHOLDER)).toBeUndefined();
        expect(props.isUnknownPlaceholder("[unknown]")).toBe(true);
        expect(props.isUnknownPlaceholder(undefined)).toBe(false);
        expect(props.asOptionalArray(undefined)).toBeUndefined();
        expect(props.asArray(undefined)).toEqual([]);
        expect(props.asBoolean("false")).toBe(false);
        expect(props.asNumber("512")).toBe(512);
    });

    it("keep the preview question apart: isUnknownInPreview asks whether a read throws UnknownValueError", () => {
        // The analyzer's props as the SDK wraps them: the engine's unknown string sentinel throws on access.
        const props_ = unknownCheckingProxy({ taskDefinition: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", family: "api" }) as Record<
            string,
            unknown
        >;
        expect(util.isUnknownInPreview(() => props_["taskDefinition"])).toBe(true);
        expect(util.isUnknownInPreview(() => props_["family"])).toBe(false);
        expect(util.isUnknownInPreview(() => props.UNKNOWN_PLACEHOLDER)).toBe(false);
    });
});
