import { PolicyPack } from "@pulumi/policy";
import { appstackPolicyPackArgs } from "./pack";

new PolicyPack("appstack-policies", appstackPolicyPackArgs());
