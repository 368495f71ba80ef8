import { Router } from "../router";
import { accountRoutes } from "./accounts";
import { adminRoutes } from "./admins";
import { conversationRoutes } from "./conversations";
import { customFieldRoutes } from "./custom-fields";
import { customObjectInstanceRoutes } from "./custom-object-instances";
import { customObjectRoutes } from "./custom-objects";
import { meetingRoutes } from "./meetings";
import { noteRoutes } from "./notes";
import { npsResponseRoutes } from "./nps-responses";
import { organizationRoutes } from "./organizations";
import { projectRoutes } from "./projects";
import { relatedListRoutes } from "./related-lists";
import { taskRoutes } from "./tasks";
import { userRoutes } from "./users";

/** The one registry of `/resources/...` routes (reference §7). */
export function createResourceRouter(): Router {
  return new Router()
    .add(relatedListRoutes)
    .add(organizationRoutes)
    .add(accountRoutes)
    .add(userRoutes)
    .add(adminRoutes)
    .add(conversationRoutes)
    .add(noteRoutes)
    .add(taskRoutes)
    .add(npsResponseRoutes)
    .add(projectRoutes)
    .add(meetingRoutes)
    .add(customObjectInstanceRoutes)
    .add(customObjectRoutes)
    .add(customFieldRoutes);
}
