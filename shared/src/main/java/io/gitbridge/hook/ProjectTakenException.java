package io.gitbridge.hook;

/** The project already has a hook; a project has at most one. */
public class ProjectTakenException extends RuntimeException {

    private final String project;

    public ProjectTakenException(String project, Throwable cause) {
        super("project '" + project + "' already has a hook", cause);
        this.project = project;
    }

    /** The project that is taken. */
    public String project() {
        return project;
    }
}
