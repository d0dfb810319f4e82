package dev.decisionmatrix.backends.bedrock;

import dev.decisionmatrix.backends.internal.BaseUrl;
import dev.decisionmatrix.backends.internal.HttpErrorMapper;
import dev.decisionmatrix.backends.internal.Redactor;
import dev.decisionmatrix.backends.internal.RetryAfterHeaders;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Maps the AWS SDK's exceptions from a Converse call to {@link LlmException}s:
 *
 * <ul>
 *   <li>{@code ThrottlingException}, {@code ServiceQuotaExceededException}: RATE_LIMITED;
 *   <li>{@code ServiceUnavailableException}, {@code ModelNotReadyException}: OVERLOADED;
 *   <li>{@code InternalServerException}, {@code ModelErrorException}, I/O errors: TRANSIENT;
 *   <li>{@code ModelTimeoutException}, API call (attempt) timeouts, socket timeouts: TIMEOUT;
 *   <li>{@code AccessDeniedException}, HTTP 401/403, missing credentials: AUTHENTICATION;
 *   <li>{@code ValidationException}, {@code ResourceNotFoundException}: BAD_REQUEST;
 *   <li>other service errors: by HTTP status, as for the HTTP backends; interruption: CANCELLED.
 * </ul>
 */
final class BedrockErrors {

  private BedrockErrors() {}

  static LlmException map(SdkException e, String backend, @Nullable String model, URI endpointUri, String region, Redactor redactor) {
    String endpoint = BaseUrl.display(endpointUri);
    String hostPort = BaseUrl.hostPort(endpointUri);
    if (Thread.currentThread().isInterrupted()
        || e instanceof AbortedException
        || (causedBy(e, InterruptedException.class) && !causedBy(e, SocketTimeoutException.class))) {
      Thread.currentThread().interrupt();
      return failure(LlmErrorKind.CANCELLED, backend + ": call to " + endpoint + " was interrupted", 0, backend, model, e);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || causedBy(e, SocketTimeoutException.class)) {
      return failure(LlmErrorKind.TIMEOUT, backend + ": no answer from " + endpoint + " in time", 0, backend, model, e);
    }
    if (e instanceof AwsServiceException service) {
      return service(service, backend, model, endpoint, redactor);
    }
    if (causedBy(e, UnknownHostException.class)) {
      return failure(
          LlmErrorKind.TRANSIENT,
          backend + ": cannot connect to " + hostPort + " (unknown host): check AWS_REGION ('" + region
              + "') and that Bedrock is offered there, or AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
          0, backend, model, e);
    }
    if (causedBy(e, ConnectException.class)) {
      return failure(LlmErrorKind.TRANSIENT, backend + ": cannot connect to " + hostPort + " (connection refused or unreachable)", 0, backend, model, e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("nmarshall")) {
      return failure(LlmErrorKind.TRANSIENT, backend + ": the answer from " + endpoint + " could not be read (broken body)", 200, backend, model, e);
    }
    if (causedBy(e, InterruptedIOException.class) || causedBy(e, IOException.class)) {
      return failure(
          LlmErrorKind.TRANSIENT, backend + ": connection to " + endpoint + " failed: " + redactor.redact(HttpErrorMapper.shorten(String.valueOf(e.getMessage()))),
          0, backend, model, e);
    }
    if (message.contains("credentials") || message.contains("Credentials")) {
      return failure(
          LlmErrorKind.AUTHENTICATION,
          backend + ": no AWS credentials: " + redactor.redact(HttpErrorMapper.shorten(message))
              + " Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or log in with aws sso login",
          0, backend, model, e);
    }
    return failure(LlmErrorKind.TRANSIENT, backend + ": call to " + endpoint + " failed: " + redactor.redact(HttpErrorMapper.shorten(message)),
        0, backend, model, e);
  }

  private static LlmException service(AwsServiceException e, String backend, @Nullable String model, String endpoint, Redactor redactor) {
    int status = e.statusCode();
    LlmErrorKind kind;
    if (e instanceof ThrottlingException || e instanceof ServiceQuotaExceededException) {
      kind = LlmErrorKind.RATE_LIMITED;
    } else if (e instanceof ServiceUnavailableException || e instanceof ModelNotReadyException) {
      kind = LlmErrorKind.OVERLOADED;
    } else if (e instanceof InternalServerException || e instanceof ModelErrorException) {
      kind = LlmErrorKind.TRANSIENT;
    } else if (e instanceof ModelTimeoutException) {
      kind = LlmErrorKind.TIMEOUT;
    } else if (e instanceof AccessDeniedException) {
      kind = LlmErrorKind.AUTHENTICATION;
    } else if (e instanceof ValidationException || e instanceof ResourceNotFoundException) {
      kind = LlmErrorKind.BAD_REQUEST;
    } else if (e.isThrottlingException()) {
      kind = LlmErrorKind.RATE_LIMITED;
    } else {
      kind = HttpErrorMapper.kindOf(status);
    }
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details != null && details.errorCode() != null ? details.errorCode() : e.getClass().getSimpleName();
    String text = details != null && details.errorMessage() != null ? details.errorMessage() : "";
    StringBuilder m = new StringBuilder(160);
    m.append(backend).append(": ").append(code);
    if (status > 0) {
      m.append(" (HTTP ").append(status).append(')');
    }
    m.append(" from ").append(endpoint);
    if (model != null) {
      m.append(" for model ").append(model);
    }
    if (!text.isBlank()) {
      m.append(": ").append(redactor.redact(HttpErrorMapper.shorten(text)));
    }
    if (kind == LlmErrorKind.AUTHENTICATION) {
      m.append(" (check the AWS credentials and that this model is enabled for the account in this region)");
    } else if (e instanceof ResourceNotFoundException || status == 404) {
      m.append(" (the model id is unknown in this region; newer models need an inference profile id such as us.<model-id>)");
    }
    Duration retryAfter = null;
    if (kind.retryable() && details != null && details.sdkHttpResponse() != null) {
      retryAfter = RetryAfterHeaders.parse(details.sdkHttpResponse()::firstMatchingHeader, Instant.now());
    }
    if (retryAfter != null) {
      m.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
    }
    return new LlmException(kind, m.toString(), retryAfter, status, backend, model, e);
  }

  private static LlmException failure(
      LlmErrorKind kind, String message, int status, String backend, @Nullable String model, Throwable cause) {
    return new LlmException(kind, message, null, status, backend, model, cause);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
