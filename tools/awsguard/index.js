/**
 * Pulumi's AWSGuard pack, every rule mandatory (its README's `new AwsGuard({ all: "mandatory" })`), as a policy
 * pack of its own: the comparison anchor for the AppStack pack in policies/. Run it from the repository root with
 * `npm run awsguard`, i.e.
 *
 *     npm run plan -- --stack prod --policy-pack tools/awsguard --policy-pack-config tools/awsguard/config/offline.json
 *
 * docs/awsguard.md lists what it flags on prod and what we did about each rule.
 *
 * This folder is not a workspace of the root: @pulumi/awsguard 0.3.1 needs @pulumi/aws 4 and aws-sdk v2, so it has
 * its own package-lock.json (`npm ci --prefix tools/awsguard`). Plain JavaScript on purpose: the root typecheck
 * and lint (`tools/**\/*.ts`) must not depend on this folder's node_modules, which a root `npm ci` does not install.
 */
"use strict";
// AWSGuard loads aws-sdk v2, which prints an end-of-support notice on every start.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= "1";
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard("pulumi-awsguard", { all: "mandatory" });
