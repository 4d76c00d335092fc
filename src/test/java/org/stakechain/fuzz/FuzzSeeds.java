package org.stakechain.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.stakechain.crypto.KeyFormats;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.network.WireTestData;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.PeerMessage;
import org.stakechain.crypto.Hash;

/**
 * Writes the valid seed inputs of the fuzz targets (one of each kind, from the seeded test generators) into
 * {@code src/test/resources/org/stakechain/fuzz/*Inputs}. Run once when an encoding changes:
 * {@code scripts/fuzz.sh --seeds}. The hand-made hostile inputs beside them are not touched.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/org/stakechain/fuzz");
        Path dec = root.resolve("DecoderFuzzTestInputs");
        WireTestData data = new WireTestData(7);
        KeyPair k = KeyPair.deterministic("fuzz-seed");
        String chain = WireTestData.CHAIN;
        Vote v1 = Vote.sign(VoteKind.CONFIRM, chain, 5, 0, Optional.of(Hash.of(new byte[] {1})), k);
        Vote v2 = Vote.sign(VoteKind.CONFIRM, chain, 5, 0, Optional.empty(), k);
        List<Transaction> txs = List.of(data.transaction(),
                Transaction.sign(chain, k, 1, 1000, new TxPayload.Stake(100_000)),
                Transaction.sign(chain, k, 2, 1000, new TxPayload.Unstake(5)),
                Transaction.sign(chain, k, 3, 1000, new TxPayload.RegisterValidator()),
                Transaction.sign(chain, k, 4, 1000, new TxPayload.SlashEvidence(SlashingEvidence.of(v1, v2))),
                Transaction.sign(chain, k, 5, 1000, new TxPayload.SlashEvidence(SlashingEvidence.of(
                        SignedProposal.sign(chain, 5, 1, Hash.of(new byte[] {2}), -1, k),
                        SignedProposal.sign(chain, 5, 1, Hash.of(new byte[] {3}), 0, k)))));
        for (int i = 0; i < txs.size(); i++) {
            write(dec.resolve("transaction"), "seed-" + i, txs.get(i).encode());
        }
        for (int h = 1; h <= 2; h++) {
            var block = data.block(h);
            write(dec.resolve("block"), "seed-" + h, block.encode());
            write(dec.resolve("header"), "seed-" + h, block.header().encode());
            write(dec.resolve("vote"), "seed-" + h, data.vote(h).encode());
            write(dec.resolve("certificate"), "seed-" + h, data.certificate(h, data.hash()).encode());
            write(dec.resolve("proposal"), "seed-" + h, data.proposal(h).proposal().encode());
        }
        List<PeerMessage> kinds = data.everyKind();
        for (PeerMessage m : kinds) {
            write(dec.resolve("peerFrame"), "seed-" + m.getClass().getSimpleName(), MessageCodec.encode(m));
        }
        var genesis = DemoGenesis.create(ChainParams.defaults("fuzz"), 0);
        var state = genesis.initialState();
        write(dec.resolve("storedState"), "seed-chainstate", prefixed(1, state.chain().encode()));
        write(dec.resolve("storedState"), "seed-head", prefixed(3,
                new org.stakechain.storage.Head(3, Hash.of(new byte[] {4}), Hash.of(new byte[] {5})).encode()));

        Path text = root.resolve("TextFormatFuzzTestInputs");
        write(text.resolve("genesisJson"), "seed-demo", genesis.toJson().getBytes(StandardCharsets.UTF_8));
        write(text.resolve("keystore"), "seed-pw", Keystore.encrypt(k, "pw".toCharArray(), Keystore.TEST_ITERATIONS,
                new SecureRandom(new byte[] {1})).getBytes(StandardCharsets.UTF_8));
        write(text.resolve("pemKeys"), "seed-private", KeyFormats.privateKeyPem(k).getBytes(StandardCharsets.UTF_8));
        write(text.resolve("pemKeys"), "seed-public", KeyFormats.publicKeyPem(k.publicKey())
                .getBytes(StandardCharsets.UTF_8));
        write(text.resolve("pemKeys"), "seed-hex", KeyFormats.seedHex(k).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] prefixed(int selector, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = (byte) selector;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
