/**
 * The AWS Bedrock Converse backend; needs the optional AWS SDK dependencies. Entry point: {@link
 * dev.decisionmatrix.backends.bedrock.BedrockBackend#builder()}.
 */
@NullMarked
package dev.decisionmatrix.backends.bedrock;

import org.jspecify.annotations.NullMarked;
