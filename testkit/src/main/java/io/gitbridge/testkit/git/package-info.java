/**
 * Real Git repositories for tests: bare repositories and working clones on disk ({@link
 * io.gitbridge.testkit.git.GitRepos}, {@link io.gitbridge.testkit.git.WorkingClone}) and a JGit smart-HTTP
 * server with optional Basic auth ({@link io.gitbridge.testkit.git.GitHttpServer}). Everything runs in
 * process with JGit; no {@code git} binary and no network beyond the loopback interface.
 */
package io.gitbridge.testkit.git;
