/**
 * A stand-in for GitHub's GitHub App endpoints over real HTTP: it verifies every app JWT with the app's public key and
 * issues installation tokens, so tests exercise gitbridge's JWTs and tokens the way GitHub would judge them.
 */
package io.gitbridge.testkit.github;
