package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.Hex;

class TreeNodeTest {
    private static final Hash KEY = Hash.parse("40" + "00".repeat(31));
    private static final Hash VALUE = Hash.parse("11".repeat(32));

    @Test
    void leafEncodesAsTagKeyValueAndHashesItsEncoding() {
        LeafNode leaf = LeafNode.of(KEY, VALUE);

        assertThat(Hex.encode(leaf.encode())).isEqualTo("00" + KEY.hex() + VALUE.hex());
        assertThat(leaf.hash()).isEqualTo(Hash.of(leaf.encode()));
    }

    @Test
    void internalNodeEncodesAsTagLeftRightAndHashesItsEncoding() {
        InternalNode node = InternalNode.of(Hash.ZERO, VALUE);

        assertThat(Hex.encode(node.encode())).isEqualTo("01" + Hash.ZERO.hex() + VALUE.hex());
        assertThat(node.hash()).isEqualTo(Hash.of(node.encode()));
    }

    @Test
    void leafAndInternalNodeOverTheSameHashesDiffer() {
        assertThat(LeafNode.of(KEY, VALUE).hash()).isNotEqualTo(InternalNode.of(KEY, VALUE).hash());
    }

    @Test
    void nodesSurviveAnEncodeDecodeRoundTrip() {
        TreeNode leaf = LeafNode.of(KEY, VALUE);
        TreeNode internal = InternalNode.of(KEY, VALUE);

        assertThat(TreeNode.decode(leaf.encode())).isEqualTo(leaf).isInstanceOf(LeafNode.class);
        assertThat(TreeNode.decode(internal.encode())).isEqualTo(internal).isInstanceOf(InternalNode.class);
    }

    @Test
    void decodingRejectsAnUnknownTag() {
        byte[] bytes = LeafNode.of(KEY, VALUE).encode();
        bytes[0] = 0x02;

        assertThatThrownBy(() -> TreeNode.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining("tag 2");
    }

    @Test
    void decodingRejectsTrailingBytes() {
        byte[] bytes = Arrays.copyOf(LeafNode.of(KEY, VALUE).encode(), TreeNode.ENCODED_LENGTH + 1);

        assertThatThrownBy(() -> TreeNode.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining("trailing");
    }

    @Test
    void decodingRejectsTruncatedInput() {
        byte[] bytes = Arrays.copyOf(InternalNode.of(KEY, VALUE).encode(), TreeNode.ENCODED_LENGTH - 1);

        assertThatThrownBy(() -> TreeNode.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining("truncated");
    }

    @Test
    void anInternalNodeWithTwoEmptyChildrenCannotBeMadeOrDecoded() {
        byte[] bytes = new byte[TreeNode.ENCODED_LENGTH];
        bytes[0] = TreeNode.INTERNAL_TAG;

        assertThatThrownBy(() -> InternalNode.of(Hash.ZERO, Hash.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TreeNode.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining("two empty");
    }
}
