package dev.kew.local.cluster;

/** The kinds of change the {@link ChurnGenerator} makes. */
public enum ChurnChange {
  SCALE_DEPLOYMENT,
  REIMAGE_DEPLOYMENT,
  CREATE_POD,
  DELETE_POD,
  REPORT_POD_STATUS,
  CREATE_SERVICE,
  DELETE_SERVICE,
  CREATE_CONFIGMAP,
  DELETE_CONFIGMAP,
  PATCH_SECRET,
  UPDATE_BACKUP
}
