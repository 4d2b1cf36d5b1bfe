package dev.outflow.benchmarks.suite;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import com.sun.tools.attach.VirtualMachine;

/**
 * Watches another JVM on this machine through the JDK's attach API and JMX: heap used, heap left
 * after the last collection (what is really live), and one attribute of one MBean (a plugin
 * metric of the worker). Nothing needs to be configured in the watched JVM.
 */
final class HeapWatch implements AutoCloseable {

    /** One reading. */
    record Reading(long heapUsed, long heapAfterLastGc, double attribute) {}

    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final MemoryMXBean memory;
    private final List<GarbageCollectorMXBean> collectors;
    private final Set<String> heapPools;

    private HeapWatch(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.memory = ManagementFactory.newPlatformMXBeanProxy(
                server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        this.collectors = ManagementFactory.getPlatformMXBeans(server, GarbageCollectorMXBean.class);
        this.heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class)) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
    }

    static HeapWatch attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            return new HeapWatch(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
        } finally {
            vm.detach();
        }
    }

    /**
     * Reads the heap and {@code attribute} of the first MBean matching {@code pattern} (NaN while
     * there is none, e.g. before the task started).
     */
    Reading read(String pattern, String attribute) throws Exception {
        long used = memory.getHeapMemoryUsage().getUsed();
        GcInfo latest = null;
        for (GarbageCollectorMXBean collector : collectors) {
            GcInfo last = collector.getLastGcInfo();
            if (last != null && (latest == null || last.getEndTime() > latest.getEndTime())) {
                latest = last;
            }
        }
        long afterGc = latest == null ? 0 : heapOf(latest.getMemoryUsageAfterGc());
        double value = Double.NaN;
        Set<ObjectName> names = server.queryNames(new ObjectName(pattern), null);
        if (!names.isEmpty()) {
            value = ((Number) server.getAttribute(names.iterator().next(), attribute)).doubleValue();
        }
        return new Reading(used, afterGc, value);
    }

    private long heapOf(Map<String, MemoryUsage> byPool) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> pool : byPool.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                sum += pool.getValue().getUsed();
            }
        }
        return sum;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
