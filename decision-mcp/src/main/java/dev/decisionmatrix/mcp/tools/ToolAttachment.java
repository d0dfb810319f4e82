package dev.decisionmatrix.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Base64;
import java.util.Objects;

/**
 * Content a tool answers with beside its text: an image, or a document embedded as a resource.
 * Hosts that can show it do; the text answer stands on its own for those that cannot.
 */
public sealed interface ToolAttachment {

  /** Converts to MCP content. */
  McpSchema.Content toMcp();

  /**
   * An image, e.g. a PNG.
   *
   * @param mimeType the image's media type, e.g. {@code image/png}
   * @param data the image's bytes
   */
  record Image(String mimeType, byte[] data) implements ToolAttachment {

    /** Checks the parts and copies the bytes. */
    public Image {
      Objects.requireNonNull(mimeType, "mimeType");
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public McpSchema.Content toMcp() {
      return McpSchema.ImageContent.builder(Base64.getEncoder().encodeToString(data), mimeType).build();
    }
  }

  /**
   * A text document embedded as a resource, e.g. an HTML page.
   *
   * @param uri the document's address, e.g. {@code decision://sessions/3f2c/report.html}
   * @param mimeType the document's media type, e.g. {@code text/html}
   * @param text the document
   */
  record Resource(String uri, String mimeType, String text) implements ToolAttachment {

    /** Checks the parts. */
    public Resource {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(mimeType, "mimeType");
      Objects.requireNonNull(text, "text");
    }

    @Override
    public McpSchema.Content toMcp() {
      return McpSchema.EmbeddedResource.builder(McpSchema.TextResourceContents.builder(uri, text).mimeType(mimeType).build()).build();
    }
  }
}
