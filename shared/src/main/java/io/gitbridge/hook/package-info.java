/** Hooks: what links one source branch to one build repository, their validation and storage contract. */
package io.gitbridge.hook;
