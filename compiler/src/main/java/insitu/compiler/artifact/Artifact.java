package insitu.compiler.artifact;

import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.Placement;

/** A compiled model: the graph with its weights, where the weights go, and the manifest. */
public record Artifact(Graph graph, Placement placement, Manifest manifest) {}
