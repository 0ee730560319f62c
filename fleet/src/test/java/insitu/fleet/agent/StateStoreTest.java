package insitu.fleet.agent;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir Path tmp;

  @Test
  void commitKeepsOnlyTheFilesTheStateNames() throws Exception {
    StateStore s = new StateStore(tmp);
    Path staged = s.stage(new byte[] {1, 2, 3}, "aa");
    assertEquals(s.artifact("aa"), staged);
    Files.write(s.scratch(), new byte[] {4, 5});
    String learned = s.keepLearned(s.scratch());
    s.commit(new StateStore.Saved("aa", 7, 3, learned));
    assertEquals(new StateStore.Saved("aa", 7, 3, learned), new StateStore(tmp).load());

    Files.write(s.scratch(), new byte[] {6});
    String next = s.keepLearned(s.scratch());
    s.stage(new byte[] {9}, "bb");
    // Before the commit, the old state is whole and still names its own files.
    assertEquals(learned, new StateStore(tmp).load().learnedSha256());
    s.commit(new StateStore.Saved("bb", 8, 3, next));
    assertFalse(Files.exists(s.artifact("aa")));
    assertFalse(Files.exists(s.learned(learned)));
    assertTrue(Files.exists(s.learned(next)));
  }

  @Test
  void aModelLoadedFromTheStoreSaysWhichArtifactItIs() {
    StateStore s = new StateStore(tmp);
    String a = "a".repeat(64), b = "b".repeat(64), l = "c".repeat(64);
    StateStore.Saved saved = new StateStore.Saved(a, 5, 2, l);
    assertSame(saved, s.describing(s.artifact(a).toString(), saved));
    assertSame(saved, s.describing(s.learned(l).toString(), saved));
    assertEquals(new StateStore.Saved(b, 5, 2, null), s.describing(s.artifact(b).toString(), saved),
        "another artifact of the store: the one that runs, with the older rollout id");
    assertEquals(StateStore.Saved.EMPTY, s.describing("paper-cnn", saved));
    assertEquals(StateStore.Saved.EMPTY, s.describing("/models/" + a + ".xbar", saved), "not one of the store's folders");
    assertEquals(StateStore.Saved.EMPTY, s.describing(s.learned(b).toString(), saved), "a learned model the state does not name");
  }

  @Test
  void aDamagedOrIncompleteStateMeansStartingFresh() throws Exception {
    Files.writeString(tmp.resolve("state.json"), "{\"artifact_sha256\":");
    assertEquals(StateStore.Saved.EMPTY, new StateStore(tmp).load());
    Files.writeString(tmp.resolve("state.json"),
        "{\"artifact_sha256\":\"aa\",\"rollout\":1,\"answered_round\":0,\"learned_sha256\":\"missing\"}");
    assertEquals(StateStore.Saved.EMPTY, new StateStore(tmp).load(), "its learned model is gone");
  }
}
