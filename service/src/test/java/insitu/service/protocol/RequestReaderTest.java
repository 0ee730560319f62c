package insitu.service.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
  private static InferenceRequest read(String json, int maxValues) {
    return new RequestReader(maxValues).read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static ProtocolException refused(String json, int maxValues) {
    return assertThrows(ProtocolException.class, () -> read(json, maxValues));
  }

  @Test
  void readsARequestWhateverTheOrderOfItsKeys() {
    InferenceRequest q = read("{\"outputs\":[{\"name\":\"y\",\"parameters\":{\"binary_data\":false}}],\"inputs\":[{\"data\":[[1,2,3],[4,5,6]],"
        + "\"datatype\":\"FP64\",\"shape\":[2,3],\"name\":\"x\",\"parameters\":{\"a\":1}}],\"id\":\"7\",\"parameters\":{\"s\":\"t\"},\"extra\":[[{}]]}", 100);
    assertEquals("7", q.id());
    assertEquals(List.of("y"), q.outputs());
    RequestTensor x = q.inputs().get(0);
    assertEquals("x", x.name());
    assertArrayEquals(new long[] {2, 3}, x.shape());
    assertEquals(Datatype.FP64, x.datatype());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, x.data());
    assertNull(q.labels());
  }

  @Test
  void fp32ValuesAreWhatAFloat32ArrayHolds() {
    RequestTensor t = read("{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[0.1,3.4028235e38]}]}", 10).inputs().get(0);
    assertEquals((double) 0.1f, t.data()[0]);
    assertEquals((double) Float.MAX_VALUE, t.data()[1]);
    assertEquals(0.1, read("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[0.1]}]}", 10).inputs().get(0).data()[0]);
  }

  @Test
  void integerTypesKeepTheirRanges() {
    assertEquals(255, read("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"UINT8\",\"data\":[255]}]}", 10).inputs().get(0).data()[0]);
    assertEquals(-128, read("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"INT8\",\"data\":[-128]}]}", 10).inputs().get(0).data()[0]);
    assertEquals(400, refused("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"UINT8\",\"data\":[-1]}]}", 10).status());
    assertEquals(400, refused("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"INT16\",\"data\":[40000]}]}", 10).status());
    assertEquals(400, refused("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"INT32\",\"data\":[0.5]}]}", 10).status());
  }

  @Test
  void aDeclaredShapeBeyondTheLimitIsRefusedBeforeItsDataIsRead() {
    // The data would not even parse: the shape alone decides, before anything is allocated for it.
    ProtocolException e = refused("{\"inputs\":[{\"name\":\"x\",\"shape\":[2147483647,2147483647],\"datatype\":\"FP32\",\"data\":[oops", 1000);
    assertEquals(413, e.status());
    assertTrue(e.getMessage().contains("1000"), e.getMessage());
  }

  @Test
  void dataBeyondTheLimitStopsGrowingAtTheLimit() {
    StringBuilder b = new StringBuilder("{\"inputs\":[{\"name\":\"x\",\"data\":[0");
    for (int i = 0; i < 5000; i++) b.append(",0");
    ProtocolException e = refused(b.append("],\"shape\":[5001],\"datatype\":\"FP32\"}]}").toString(), 4096);
    assertEquals(413, e.status());
  }

  @Test
  void nestedDataMustHaveTheShape() {
    String head = "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":";
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, read(head + "[1,2,3,4,5,6]}]}", 10).inputs().get(0).data());
    assertEquals(400, refused(head + "[[1,2],[3,4],[5,6]]}]}", 10).status(), "3x2 is not 2x3");
    assertEquals(400, refused(head + "[[1,2,3],[4,5],[6]]}]}", 10).status(), "ragged");
    assertEquals(400, refused(head + "[[1,2,3],4,5,6]}]}", 10).status(), "mixed depths");
    assertEquals(400, refused(head + "[[[1,2,3]],[[4,5,6]]]}]}", 10).status(), "too deep for the shape");
  }

  @Test
  void aBodyPastItsLimitIs413() {
    String json = "{\"inputs\":[{\"name\":\"x\",\"shape\":[3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}";
    InputStream body = new LimitedInputStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 20);
    assertEquals(413, assertThrows(ProtocolException.class, () -> new RequestReader(10).read(body)).status());
    InputStream whole = new LimitedInputStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), json.length());
    assertEquals(3, new RequestReader(10).read(whole).inputs().get(0).data().length);
  }

  @Test
  void messagesAreOneLineWithoutGsonsAdvice() {
    for (String bad : List.of("{", "{\"inputs\":[}", "nope", "{\"inputs\":[]} x", "{\"a\":1,}")) {
      String m = refused(bad, 10).getMessage();
      assertFalse(m.contains("\n") || m.contains("LENIENT") || m.contains("http"), m);
    }
  }
}
