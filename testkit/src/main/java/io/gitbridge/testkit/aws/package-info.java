/**
 * The AWS side of integration tests (DynamoDB and SQS), chosen by one switch: the
 * {@code gitbridge.aws} system property selects in-process servers ({@code embedded}, the default)
 * or LocalStack in Docker ({@code localstack}), and {@code aws.endpoint} points both services at
 * any running endpoint instead.
 */
package io.gitbridge.testkit.aws;
