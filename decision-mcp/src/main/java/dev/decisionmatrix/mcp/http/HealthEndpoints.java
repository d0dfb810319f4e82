package dev.decisionmatrix.mcp.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The probes of a load balancer or orchestrator, answered in plain text without the bearer token
 * or the Host check (they reveal nothing but whether this instance can serve):
 *
 * <ul>
 *   <li>{@value #HEALTH}: the process is up, always {@code 200 ok};
 *   <li>{@value #READY}: {@code 200 ready} when the session store and the judgment cache answer,
 *       else {@code 503 not ready: <reason>}, so traffic goes to other instances meanwhile.
 * </ul>
 */
public final class HealthEndpoints extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The liveness path. */
  public static final String HEALTH = "/healthz";

  /** The readiness path. */
  public static final String READY = "/readyz";

  private final transient Readiness readiness;

  /**
   * Creates the endpoints.
   *
   * @param readiness what {@value #READY} checks
   */
  public HealthEndpoints(Readiness readiness) {
    this.readiness = Objects.requireNonNull(readiness, "readiness");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (READY.equals(request.getServletPath())) {
      String problem = problem();
      if (problem == null) {
        answer(response, HttpServletResponse.SC_OK, "ready");
      } else {
        answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "not ready: " + problem);
      }
    } else {
      answer(response, HttpServletResponse.SC_OK, "ok");
    }
  }

  private String problem() {
    try {
      return readiness.problem();
    } catch (RuntimeException e) {
      return "the readiness check failed (" + e.getClass().getSimpleName() + ")";
    }
  }

  private static void answer(HttpServletResponse response, int status, String text) throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(text + "\n");
  }
}
