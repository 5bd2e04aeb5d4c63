import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("appstack-policies", { policies, enforcementLevel: "mandatory" });
