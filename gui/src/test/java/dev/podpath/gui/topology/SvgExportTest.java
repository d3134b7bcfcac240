package dev.podpath.gui.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.Samples;
import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.TopologyLayout;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.graph.TracePath;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The SVG export: well-formed XML with the layout's boxes, wires and the trace's path. */
final class SvgExportTest {

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void missingRoute_everyBoxIsThere_thePathAndTheDropToo() throws Exception {
    LoadedNetwork n = GuiNetwork.open(Samples.sample("missing-route.sh"));
    Layout l = TopologyLayout.of(n.graph());
    TracePath p =
        TracePath.of(n.network().trace(TraceRequest.builder("ns1", "10.1.3.5").build()).trace());

    Document d = parse(SvgExport.of(l, GraphPalette.LIGHT, p));

    assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
    String text = d.getDocumentElement().getTextContent();
    for (Layout.NetnsBox b : l.boxes()) {
      assertThat(text).contains(b.netns().value());
    }
    assertThat(d.getElementsByTagName("polyline").getLength()).isEqualTo(p.legs().size());
    assertThat(d.getElementsByTagName("circle").getLength()).isEqualTo(1); // the drop's mark
    assertThat(d.getElementsByTagName("line").getLength()).isPositive();
  }

  @Test
  void flannelVxlan_darkWithoutATrace_tunnelsAreCurves_andNoPathIsDrawn() throws Exception {
    LoadedNetwork n = GuiNetwork.open(Samples.sample("flannel-vxlan.sh"));
    Layout l = TopologyLayout.of(n.graph());

    String svg = SvgExport.of(l, GraphPalette.DARK, null);
    Document d = parse(svg);

    assertThat(d.getElementsByTagName("polyline").getLength()).isZero();
    assertThat(d.getElementsByTagName("path").getLength()).isPositive(); // the VXLAN tunnels
    assertThat(svg).contains("fill=\"#1b1d20\""); // the dark background
  }

  @Test
  void text_isEscaped() {
    assertThat(SvgExport.esc("a<b & \"c\"\u0007")).isEqualTo("a&lt;b &amp; &quot;c&quot;");
  }
}
