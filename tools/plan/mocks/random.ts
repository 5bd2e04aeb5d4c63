import type * as pulumi from "@pulumi/pulumi";
import { hex, type State } from "./util";

/** `@pulumi/random`: generated values, stable per resource name. */
export function mockRandomOutputs(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
    const seed = `${args.type}/${args.name}`;
    const inputs = args.inputs as State;
    const length = typeof inputs["length"] === "number" ? inputs["length"] : 16;
    const value = hex(seed, 64)
        .repeat(Math.ceil(length / 64) + 1)
        .slice(0, length);
    switch (args.type) {
        case "random:index/randomPassword:RandomPassword":
            return { id: "none", state: { ...inputs, result: value, bcryptHash: `$2a$10$${hex(`${seed}/bcrypt`, 53)}` } };
        case "random:index/randomString:RandomString":
            return { id: value, state: { ...inputs, result: value } };
        case "random:index/randomId:RandomId":
            return {
                id: value,
                state: {
                    ...inputs,
                    hex: value,
                    b64Url: Buffer.from(value, "hex").toString("base64url"),
                    dec: String(parseInt(value.slice(0, 12), 16)),
                },
            };
        default:
            return { id: `${args.name}-${hex(seed, 8)}`, state: { ...inputs } };
    }
}
