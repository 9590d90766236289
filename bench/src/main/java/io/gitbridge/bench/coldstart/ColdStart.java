package io.gitbridge.bench.coldstart;

import java.lang.management.ManagementFactory;

/**
 * Constructs one class through its public no-arg constructor, as the Lambda runtime constructs a handler, and
 * prints how long after the JVM started that was done. Run it once per fresh JVM: {@code bench/coldstart.sh}.
 *
 * <p>Nothing from {@code java.management} is touched until the object is constructed, so the harness's own
 * measuring does not count against the class it measures; the loaded-class count it prints is taken after, and
 * so includes the few hundred classes the management beans themselves load, the same for every target.
 * Right after constructing, it loads {@link Constructed}, which marks the point in a {@code -Xlog:class+load} log.
 *
 * <p>Output, one line: {@code coldstart target=<class> main_ms=<JVM start to main> constructed_ms=<JVM start to
 * constructed> loaded_classes=<total loaded so far>}.
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        long mainAt = System.currentTimeMillis();
        if (args.length != 1) {
            System.err.println("usage: ColdStart <class with a public no-arg constructor>");
            System.exit(2);
        }
        Object constructed = Class.forName(args[0]).getConstructor().newInstance();
        long constructedAt = System.currentTimeMillis();
        new Constructed(constructed);

        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long loaded = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println("coldstart target=" + args[0]
                + " main_ms=" + (mainAt - jvmStart)
                + " constructed_ms=" + (constructedAt - jvmStart)
                + " loaded_classes=" + loaded);
        // A constructor may leave non-daemon threads behind; the measurement is over either way.
        System.exit(0);
    }

    /** Loaded only once the target is constructed: its line in a class-load log marks that moment. */
    static final class Constructed {

        Constructed(Object target) {
            if (target == null) {
                throw new IllegalStateException("nothing was constructed");
            }
        }
    }
}
