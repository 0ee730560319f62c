package insitu.fleet.link;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** A TLS socket factory that trusts the certificate authority in one PEM file (the one that signed the broker's certificate). */
final class TlsTrust {
  private TlsTrust() {}

  static SSLSocketFactory trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) store.setCertificateEntry("ca" + n++, c);
      if (n == 0) throw new BadInputException(caFile + ": no certificate in the CA file");
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (IOException e) {
      throw new BadInputException(caFile + ": cannot read the CA file: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new BadInputException(caFile + ": not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
