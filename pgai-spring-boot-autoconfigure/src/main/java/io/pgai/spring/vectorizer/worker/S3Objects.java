package io.pgai.spring.vectorizer.worker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The AWS SDK's S3 client, kept apart so that nothing else needs it on the class path: reads an
 * {@code s3://bucket/key} object, with the SDK's default credentials and region (environment,
 * system properties, profile, container or instance role), as pgai's worker does through boto3.
 */
final class S3Objects {

	private final S3Client client;

	/**
	 * Creates the client.
	 * @param endpoint an S3-compatible endpoint (MinIO, a test server), addressed path-style, or
	 * {@code null} for AWS's own
	 */
	S3Objects(@Nullable String endpoint) {
		S3ClientBuilder builder = S3Client.builder();
		if (endpoint != null) {
			builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
		}
		this.client = builder.build();
	}

	/**
	 * Releases the client's connection pool and threads.
	 */
	void close() {
		this.client.close();
	}

	/**
	 * Reads an object.
	 * @param uri {@code s3://bucket/key}
	 * @param maxBytes the most it may hold; one byte more is read to tell a larger one
	 * @return its bytes, at most {@code maxBytes + 1}
	 * @throws DocumentException if it cannot be read
	 */
	byte[] read(String uri, long maxBytes) {
		URI parsed = URI.create(uri);
		String bucket = parsed.getHost();
		String key = (parsed.getPath() != null && parsed.getPath().startsWith("/")) ? parsed.getPath().substring(1)
				: "";
		if (bucket == null || key.isEmpty()) {
			throw new DocumentException(uri + " names no bucket and key; S3 URIs are s3://bucket/key");
		}
		try (InputStream object = this.client.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
			return object.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
		}
		catch (SdkException | IOException ex) {
			throw new DocumentException("cannot read " + uri + ": " + ex.getMessage(), ex);
		}
	}

}
