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
    Path staged = s.stage(new byte[] {1, 2, 3});
    s.keepArtifact(staged, "aa");
    Files.write(s.scratch(), new byte[] {4, 5});
    String learned = s.keepLearned(s.scratch());
    s.commit(new StateStore.Saved("aa", 7, 3, learned));
    assertEquals(new StateStore.Saved("aa", 7, 3, learned), new StateStore(tmp).load());

    Files.write(s.scratch(), new byte[] {6});
    String next = s.keepLearned(s.scratch());
    Files.write(s.stage(new byte[] {9}), new byte[] {9});
    s.keepArtifact(tmp.resolve("incoming.xbar"), "bb");
    // Before the commit, the old state is whole and still names its own files.
    assertEquals(learned, new StateStore(tmp).load().learnedSha256());
    s.commit(new StateStore.Saved("bb", 8, 3, next));
    assertFalse(Files.exists(s.artifact("aa")));
    assertFalse(Files.exists(s.learned(learned)));
    assertTrue(Files.exists(s.learned(next)));
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
