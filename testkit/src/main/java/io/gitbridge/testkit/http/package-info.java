/** Stand-ins for providers' HTTP APIs: scripted answers, every request recorded for assertions. */
package io.gitbridge.testkit.http;
