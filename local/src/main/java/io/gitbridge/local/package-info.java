/**
 * The local runner: the same three handlers as on AWS, in one process, with DynamoDB Local and ElasticMQ
 * embedded, an HTTP front playing API Gateway and a poller playing the SQS event source.
 */
package io.gitbridge.local;
