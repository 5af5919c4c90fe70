package dev.rewind.workflows.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollWhenReachableTest {

  @Test
  void retriesWithGrowingPausesUntilTemporalAnswers() throws Exception {
    List<Duration> pauses = new ArrayList<>();
    int[] calls = {0};
    Runnable attempt =
        () -> {
          if (++calls[0] < 4) {
            throw new IllegalStateException("UNAVAILABLE: io exception");
          }
        };

    int attempts = PollWhenReachable.start(attempt, "127.0.0.1:1", pauses::add);

    assertEquals(4, attempts);
    assertEquals(
        List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), pauses);
  }

  @Test
  void startsAtOnceWhenTemporalAnswers() throws Exception {
    List<Duration> pauses = new ArrayList<>();

    assertEquals(1, PollWhenReachable.start(() -> {}, "127.0.0.1:1", pauses::add));
    assertEquals(List.of(), pauses);
  }

  @Test
  void pausesGrowToThirtySecondsAndStayThere() {
    assertEquals(Duration.ofSeconds(16), PollWhenReachable.longer(Duration.ofSeconds(8)));
    assertEquals(Duration.ofSeconds(30), PollWhenReachable.longer(Duration.ofSeconds(16)));
    assertEquals(Duration.ofSeconds(30), PollWhenReachable.longer(Duration.ofSeconds(30)));
  }
}
