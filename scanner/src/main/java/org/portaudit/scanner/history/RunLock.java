package org.portaudit.scanner.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Keeps two runs of the same inventory (and shard) from overlapping: an OS file lock, so a run that is
 * killed releases it with its process and never leaves a stale lock behind.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The default lock file: in the temporary folder, named after the key its runs are kept under (the
     *  inventory's name and the shard, so a copy of the inventory elsewhere is the same audit). */
    public static Path defaultFile(String inventoryName, String shard) {
        String key = inventoryName + "#" + shard;
        String hash;
        try {
            hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "portaudit-audit-" + hash + ".lock");
    }

    /**
     * Takes a lock on one byte of {@code file}, at {@code position} (one file holds many keys' locks, each its own
     * byte), or empty when another process (or this one) holds it. The file is left as it is.
     */
    public static Optional<RunLock> tryAcquire(Path file, long position) throws IOException {
        return take(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE), position, 1, false);
    }

    /** Takes the lock on the whole file and writes this process's id into it, or empty when another holds it. */
    public static Optional<RunLock> tryAcquire(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return take(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE), 0, Long.MAX_VALUE,
                true);
    }

    private static Optional<RunLock> take(FileChannel ch, long position, long size, boolean writePid)
            throws IOException {
        try {
            FileLock l = ch.tryLock(position, size, false);
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            if (writePid) {
                ch.truncate(0);
                ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
            }
            return Optional.of(new RunLock(ch, l));
        } catch (OverlappingFileLockException e) {
            ch.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
