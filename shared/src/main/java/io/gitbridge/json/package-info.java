/** JSON plumbing shared by every function. */
package io.gitbridge.json;
