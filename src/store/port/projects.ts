/** Projects: the unit everything else belongs to. */

export interface Project {
  id: string;
  name: string;
  /** Task settings: annotation mode, criteria, instructions (JSON, validated by the server). */
  settings: Readonly<Record<string, unknown>>;
  createdAt: string;
}

export interface ProjectsStore {
  createProject(input: {
    id?: string;
    name: string;
    settings?: Record<string, unknown>;
  }): Promise<Project>;
  getProject(id: string): Promise<Project | undefined>;
  listProjects(): Promise<Project[]>;
  /**
   * Changes a project in one transaction: `change` gets the project as stored (no other
   * update can come between) and returns the name and/or settings to store instead.
   * @throws StoreError `not_found` on "id"; whatever `change` throws, with nothing written.
   */
  updateProject(
    id: string,
    change: (current: Project) => { name?: string; settings?: Record<string, unknown> },
  ): Promise<Project>;
}
