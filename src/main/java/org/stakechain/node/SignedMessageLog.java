package org.stakechain.node;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this validator signed at its newest height, on disk before it is sent. After a crash the engine has
 * forgotten its own proposal and votes for the height it was at, and slashing protection rightly refuses to sign
 * anything else in those rounds; if what it signed never left the process, a round that needs this validator's
 * vote would wait for its timeout. So the node sends these again after a restart (and with its periodic re-gossip)
 * and hands them back to its engine. Found by the consensus simulator (a host's write-ahead log).
 *
 * <p>A liveness aid, not a safety record (that is the slashing protection, fsynced before the engine signs): a
 * damaged file is dropped with a warning. So it is written but not fsynced: a crashed or killed process leaves its
 * writes in the operating system's page cache, and they reach the disk without it; only a crash of the machine itself can lose the newest write (or leave a damaged file),
 * and then the validator merely cannot repeat what it signed in its last rounds: those rounds time out and the
 * next one proceeds, as slashing protection lets it sign at a higher round. That saves an fsync per signature
 * (two or three per block). Consensus thread only.
 */
final class SignedMessageLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignedMessageLog.class);
    static final String FILE = "signed-messages.bin";
    private static final int MAX_MESSAGES = 64;

    private final Path file;
    private final List<ConsensusMessage> messages = new ArrayList<>();
    /** Each message's frame, encoded once: the log is rewritten whole at every signature (a proposal is ~100 KB). */
    private final List<byte[]> frames = new ArrayList<>();
    private long height = -1;
    /** Kept open between records: opening and closing the file cost more than writing it (two or three a block). */
    private FileChannel channel;

    private SignedMessageLog(Path file) {
        this.file = file;
    }

    static SignedMessageLog open(Path dataDir) {
        SignedMessageLog log = new SignedMessageLog(dataDir.resolve(FILE));
        if (Files.exists(log.file)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(log.file))) {
                int count = in.readInt();
                for (int i = 0; i < count && i < MAX_MESSAGES; i++) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    PeerMessage m = MessageCodec.decode(frame, MessageCodec.DEFAULT_MAX_FRAME_BYTES);
                    if (m instanceof PeerMessage.Consensus c) {
                        log.messages.add(c.message());
                        log.frames.add(frame);
                        log.height = Math.max(log.height, c.message().height());
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("{} is damaged ({}); ignoring it", log.file, e.toString());
                log.messages.clear();
                log.frames.clear();
                log.height = -1;
            }
        }
        return log;
    }

    /** Records a message this node signed; returns once it is written (not fsynced: see the class comment). */
    void record(ConsensusMessage message) {
        if (message.height() > height) {
            messages.clear();
            frames.clear();
            height = message.height();
        } else if (message.height() < height) {
            return;
        }
        if (messages.size() >= MAX_MESSAGES) {
            messages.remove(0);
            frames.remove(0);
        }
        messages.add(message);
        frames.add(MessageCodec.encode(new PeerMessage.Consensus(message)));
        write();
    }

    /** What was signed at {@code h} (empty unless {@code h} is the newest height signed). */
    List<ConsensusMessage> signedAt(long h) {
        return h == height ? List.copyOf(messages) : List.of();
    }

    /** count, then each frame as length and bytes; handed to the channel as the frames themselves (no copy). */
    private void write() {
        java.nio.ByteBuffer[] buffers = new java.nio.ByteBuffer[1 + 2 * frames.size()];
        long total = 4;
        buffers[0] = java.nio.ByteBuffer.allocate(4).putInt(0, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            buffers[1 + 2 * i] = java.nio.ByteBuffer.allocate(4).putInt(0, frame.length);
            buffers[2 + 2 * i] = java.nio.ByteBuffer.wrap(frame);
            total += 4 + frame.length;
        }
        // Overwritten in place, then cut to length: no new file, no rename, no freed blocks (a tenth of the
        // CPU of a temporary file renamed over the old one). A process killed between the two calls leaves
        // a stale tail after a complete new log, which reading ignores; anything worse is a damaged file.
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            channel.position(0);
            long written = 0;
            while (written < total) {
                written += channel.write(buffers);
            }
            channel.truncate(total);
        } catch (IOException e) {
            close(); // opened again at the next record
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Closes the file (the node stopping); a later record opens it again. */
    @Override
    public void close() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.warn("closing {}: {}", file, e.toString());
            }
        }
    }
}
