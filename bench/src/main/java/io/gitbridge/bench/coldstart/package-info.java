/**
 * The cold-start harness: run by {@code bench/coldstart.sh} in fresh JVMs with one function's jar on the
 * classpath. It depends on the JDK only, so it adds nothing to what it measures.
 */
package io.gitbridge.bench.coldstart;
