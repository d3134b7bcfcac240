package dev.podpath.gui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** A scene or a node written as a PNG file (without javafx-swing: the pixels copied by hand). */
public final class ViewImages {

  private ViewImages() {}

  public static void write(Scene scene, Path file) throws IOException {
    write(scene.snapshot(null), file);
  }

  /**
   * Writes {@code scene} rendered at {@code scale} (2: the pixels a screen at 200% shows, a 4K
   * screen for a 1920x1080 window).
   */
  public static void write(Scene scene, Path file, double scale) throws IOException {
    if (scale == 1) {
      write(scene, file);
      return;
    }
    javafx.scene.SnapshotParameters p = new javafx.scene.SnapshotParameters();
    p.setTransform(javafx.scene.transform.Transform.scale(scale, scale));
    p.setFill(scene.getFill());
    write(scene.getRoot().snapshot(p, null), file);
  }

  public static void write(Node node, Path file) throws IOException {
    write(node.snapshot(null, null), file);
  }

  static void write(WritableImage image, Path file) throws IOException {
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    PixelReader r = image.getPixelReader();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      r.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // whole or not at all: a temporary file beside it, moved over it
    Path abs = file.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
    try {
      if (!ImageIO.write(out, "png", tmp.toFile())) {
        throw new IOException("no PNG writer");
      }
      Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
