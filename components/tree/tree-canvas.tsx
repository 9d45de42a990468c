"use client";

import { Background, Controls, MiniMap, ReactFlow, type NodeTypes } from "@xyflow/react";
import { useMemo } from "react";
import { ExperimentNodeView } from "./experiment-node";
import { FitOnGrowth } from "./fit-on-growth";
import { layoutTree, type TreeNodeView } from "./tree-layout";

const nodeTypes: NodeTypes = { experiment: ExperimentNodeView };

export function TreeCanvas({ views, selectedId, onSelect }: { views: TreeNodeView[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const { nodes, edges } = useMemo(() => {
    const laid = layoutTree(views);
    return { nodes: laid.nodes.map((n) => ({ ...n, selected: n.id === selectedId })), edges: laid.edges };
  }, [views, selectedId]);
  return (
    <div className="h-full w-full" data-testid="tree-canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={(_, n) => onSelect(n.id)}
        nodesDraggable={false}
        nodesConnectable={false}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.05}
        proOptions={{ hideAttribution: true }}
      >
        <FitOnGrowth count={nodes.length} />
        <Background />
        <MiniMap pannable zoomable />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
