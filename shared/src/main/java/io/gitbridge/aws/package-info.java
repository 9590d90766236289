/** The AWS side: configuration, SDK clients, and the DynamoDB and SQS implementations of the domain's stores. */
package io.gitbridge.aws;
