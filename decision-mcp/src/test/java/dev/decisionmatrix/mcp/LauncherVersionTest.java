package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The Java 8 launcher reads every shape of java.specification.version. */
class LauncherVersionTest {

  private static int feature(String version) throws Exception {
    Method m = Class.forName("dev.decisionmatrix.mcp.launcher.Launcher").getDeclaredMethod("feature", String.class);
    m.setAccessible(true);
    return (int) m.invoke(null, version);
  }

  @Test
  void readsTheFeatureReleaseOfOldAndNewVersionStrings() throws Exception {
    assertThat(feature("1.8")).isEqualTo(8);
    assertThat(feature("17")).isEqualTo(17);
    assertThat(feature("21")).isEqualTo(21);
    assertThat(feature("25")).isEqualTo(25);
    assertThat(feature("")).isZero();
  }
}
