/**
 * The AWS side of integration tests (DynamoDB, SQS and KMS), chosen by one switch: the
 * {@code gitbridge.aws} system property selects in-process servers ({@code embedded}, the default)
 * or LocalStack in Docker ({@code localstack}), and {@code aws.endpoint} points every service at
 * any running endpoint instead.
 */
package io.gitbridge.testkit.aws;
