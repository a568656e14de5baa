package dev.kew.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and a broker certificate for 127.0.0.1 and localhost, made
 * inside the test, so TLS is tested for real without files checked into the repository.
 *
 * @param brokerKeystore PKCS12 key store with the broker's key and certificate chain
 * @param truststore PKCS12 trust store holding the CA certificate, for clients
 * @param caPem the CA certificate in PEM form
 * @param password the password of both stores and of the key
 */
public record TestCertificates(Path brokerKeystore, Path truststore, Path caPem, String password) {

  private static final Duration VALIDITY = Duration.ofDays(2);

  /** Creates the CA and the broker certificate under {@code dir}. */
  public static TestCertificates create(Path dir) {
    try {
      String password = "kew-test-" + Long.toHexString(System.nanoTime());
      KeyPair caKeys = rsaKeys();
      X500Name caName = new X500Name("CN=kube-event-watcher test CA");
      X509Certificate ca =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName, serial(), notBefore(), notAfter(), caName, caKeys.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
              caKeys);

      KeyPair brokerKeys = rsaKeys();
      X509Certificate broker =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName,
                      serial(),
                      notBefore(),
                      notAfter(),
                      new X500Name("CN=localhost"),
                      brokerKeys.getPublic())
                  .addExtension(
                      Extension.subjectAlternativeName,
                      false,
                      new GeneralNames(
                          new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")
                          }))
                  .addExtension(
                      Extension.extendedKeyUsage,
                      false,
                      new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
              caKeys);

      Files.createDirectories(dir);
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      keystore.load(null, null);
      keystore.setKeyEntry(
          "broker",
          brokerKeys.getPrivate(),
          password.toCharArray(),
          new Certificate[] {broker, ca});
      Path keystorePath = store(keystore, dir.resolve("broker.p12"), password);

      KeyStore truststore = KeyStore.getInstance("PKCS12");
      truststore.load(null, null);
      truststore.setCertificateEntry("ca", ca);
      Path truststorePath = store(truststore, dir.resolve("truststore.p12"), password);

      Path pem = dir.resolve("ca.pem");
      try (Writer writer = Files.newBufferedWriter(pem);
          JcaPEMWriter pemWriter = new JcaPEMWriter(writer)) {
        pemWriter.writeObject(ca);
      }
      return new TestCertificates(keystorePath, truststorePath, pem, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("Cannot create test certificates", e);
    }
  }

  private static KeyPair rsaKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
  }

  private static Path store(KeyStore store, Path path, String password)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(path)) {
      store.store(out, password.toCharArray());
    }
    return path;
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(System.nanoTime());
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
  }

  private static Date notAfter() {
    return Date.from(Instant.now().plus(VALIDITY));
  }
}
