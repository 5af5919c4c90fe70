package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.rollbacks.planning.RollbackRequest;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Idempotency-Key fingerprint changes with every field of the request, and only with them (the
 * request here need not be valid: the fingerprint is taken before planning).
 */
class RequestHashTest {
  static final RollbackRequest BASE =
      new RollbackRequest(
          "billing",
          "prod",
          "code-revert",
          List.of("backup-restore", "code-revert"),
          "v1",
          "v2",
          "broken",
          30,
          false,
          "abc1234",
          "revert",
          "0002",
          "/var/backups/billing/a.dump",
          false,
          "v1",
          Map.of("new-checkout", false),
          "P1");

  @Test
  void theSameRequestHasTheSameFingerprint() {
    assertThat(RequestHash.of(BASE)).isEqualTo(RequestHash.of(copy(BASE, -1, null)));
  }

  @Test
  void changingAnyOneFieldChangesTheFingerprint() {
    Set<String> seen = new HashSet<>(Set.of(RequestHash.of(BASE)));
    RecordComponent[] fields = RollbackRequest.class.getRecordComponents();
    for (int i = 0; i < fields.length; i++) {
      String changed = RequestHash.of(copy(BASE, i, other(fields[i].getType())));
      assertThat(seen.add(changed)).as(fields[i].getName()).isTrue();
      String absent = RequestHash.of(copy(BASE, i, null));
      assertThat(seen.add(absent)).as(fields[i].getName() + " absent").isTrue();
    }
  }

  @Test
  void anAbsentValueIsNotTheText_null_AndAListIsNotItsJoinedText() {
    RollbackRequest withNullText = copy(BASE, 4, "null");
    RollbackRequest withoutTarget = copy(BASE, 4, null);
    assertThat(RequestHash.of(withNullText)).isNotEqualTo(RequestHash.of(withoutTarget));

    RollbackRequest one = copy(BASE, 3, List.of("backup-restore, code-revert"));
    assertThat(RequestHash.of(one)).isNotEqualTo(RequestHash.of(BASE));
  }

  private static Object other(Class<?> type) {
    if (type == Integer.class) {
      return 31;
    }
    if (type == Boolean.class) {
      return true;
    }
    if (type == List.class) {
      return List.of("backup-restore");
    }
    if (type == Map.class) {
      return Map.of("new-checkout", "false");
    }
    return "other";
  }

  /** {@code request} with field {@code index} set to {@code value} (-1: an identical copy). */
  private static RollbackRequest copy(RollbackRequest request, int index, Object value) {
    try {
      RecordComponent[] fields = RollbackRequest.class.getRecordComponents();
      List<Object> values = new ArrayList<>();
      Class<?>[] types = new Class<?>[fields.length];
      for (int i = 0; i < fields.length; i++) {
        types[i] = fields[i].getType();
        values.add(i == index ? value : fields[i].getAccessor().invoke(request));
      }
      return RollbackRequest.class.getDeclaredConstructor(types).newInstance(values.toArray());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
