/** An S3-compatible server for tests, started without Docker: S3Proxy as a child process. */
package io.gitbridge.testkit.s3;
