/** gitbridge: links a project's Git repository branch to a platform's build repository. */
package io.gitbridge;
