/** API Gateway HTTP API (payload format 2.0) plumbing shared by the HTTP functions. */
package io.gitbridge.http;
