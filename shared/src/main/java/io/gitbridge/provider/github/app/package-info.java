/**
 * GitHub App mode: the app's record and private key, the JWT it authenticates with, the REST client of GitHub's "Apps"
 * endpoints, installations, and the store that keeps them.
 *
 * <p>Protocol facts come from GitHub's documents "Authenticating as a GitHub App", "Generating a JSON Web Token (JWT)
 * for a GitHub App", "Authenticating as a GitHub App installation" and the REST API's "Apps" endpoints (API version
 * {@code 2022-11-28}): the JWT is RS256, {@code iss} is the app's id or client id, {@code iat} is backdated 60 seconds
 * against clock drift, and {@code exp} is at most 10 minutes ahead; installation access tokens last one hour.
 *
 * <p>The private key and installation tokens are never logged, returned or put into an exception message.
 */
package io.gitbridge.provider.github.app;
