/** Test support shared by every module: fixtures, AWS test environments and real git repositories. */
package io.gitbridge.testkit;
