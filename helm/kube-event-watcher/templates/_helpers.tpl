{{/* vim: set filetype=mustache: */}}

{{/* Chart name, at most 63 characters. */}}
{{- define "kew.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: "<release>-<chart>" unless the release name already contains the chart name. */}}
{{- define "kew.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of cluster-scoped resources: unique per release namespace too. */}}
{{- define "kew.clusterName" -}}
{{- printf "%s-%s" (include "kew.fullname" .) .Release.Namespace | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kew.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every resource. */}}
{{- define "kew.labels" -}}
helm.sh/chart: {{ include "kew.chart" . }}
{{ include "kew.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kube-event-watcher
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select the release's pods. */}}
{{- define "kew.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kew.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of the producer pods. */}}
{{- define "kew.producer.selectorLabels" -}}
{{ include "kew.selectorLabels" . }}
app.kubernetes.io/component: producer
{{- end -}}

{{/* Selector labels of one consumer's pods; call with (dict "ctx" $ "consumer" .). */}}
{{- define "kew.consumer.selectorLabels" -}}
{{ include "kew.selectorLabels" .ctx }}
app.kubernetes.io/component: consumer
kube-event-watcher.dev/consumer: {{ .consumer.name }}
{{- end -}}

{{/* Name of one consumer's resources; call with (dict "ctx" $ "consumer" .). */}}
{{- define "kew.consumer.fullname" -}}
{{- printf "%s-consumer-%s" (include "kew.fullname" .ctx) .consumer.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kew.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kew.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image reference; call with (dict "image" .Values.producer.image "ctx" $). */}}
{{- define "kew.image" -}}
{{- $repository := .image.repository -}}
{{- if .image.registry -}}
{{- $repository = printf "%s/%s" .image.registry .image.repository -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .ctx.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Where the Kafka client files are mounted. */}}
{{- define "kew.kafkaConfigDir" -}}/etc/kew/kafka{{- end -}}
{{- define "kew.kafkaTlsDir" -}}/etc/kew/kafka-tls{{- end -}}

{{/* The producer's --resources: plural for the core group, plural.group otherwise. */}}
{{- define "kew.producer.resourcesFlag" -}}
{{- $names := list -}}
{{- range .Values.producer.resources -}}
{{- if .group -}}
{{- $names = append $names (printf "%s.%s" .resource .group) -}}
{{- else -}}
{{- $names = append $names .resource -}}
{{- end -}}
{{- end -}}
{{- $names | uniq | join "," -}}
{{- end -}}

{{/*
RBAC rules granting get, list and watch on exactly the given resources, one rule per API group.
Call with a list of {group, resource} entries.
*/}}
{{- define "kew.watchRules" -}}
{{- $byGroup := dict -}}
{{- range . -}}
{{- $_ := set $byGroup .group (append (get $byGroup .group | default list) .resource | uniq) -}}
{{- end -}}
{{- range $group, $resources := $byGroup }}
{{- $resources = sortAlpha $resources }}
- apiGroups:
    - {{ $group | quote }}
  resources:
    {{- range $resources }}
    - {{ . | quote }}
    {{- end }}
  verbs:
    - get
    - list
    - watch
{{- end -}}
{{- end -}}

{{/* Environment of every app container: the Kafka connection, logs, and the metrics/probe port. */}}
{{- define "kew.kafkaEnv" -}}
- name: KEW_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: KEW_TOPIC
  value: {{ .Values.kafka.topic | quote }}
- name: KEW_KAFKA_CONFIG
  value: {{ printf "%s/kafka.properties" (include "kew.kafkaConfigDir" .) | quote }}
- name: KEW_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: KEW_LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
- name: KEW_METRICS_PORT
  value: {{ .Values.metrics.port | quote }}
{{- if .Values.kafka.sasl.enabled }}
# Read by Kafka's EnvVarConfigProvider: sasl.jaas.config in kafka.properties refers to them.
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.passwordKey }}
{{- end }}
{{- end -}}

{{/* Volumes of every app pod: /tmp, the Kafka client properties and the TLS files. */}}
{{- define "kew.volumes" -}}
- name: tmp
  emptyDir: {}
- name: kafka-config
  configMap:
    name: {{ include "kew.fullname" . }}-kafka
{{- if .Values.kafka.tls.enabled }}
- name: kafka-tls
  secret:
    secretName: {{ .Values.kafka.tls.existingSecret }}
    defaultMode: 288 # 0440: owner and fsGroup may read
{{- end }}
{{- end -}}

{{- define "kew.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: kafka-config
  mountPath: {{ include "kew.kafkaConfigDir" . }}
  readOnly: true
{{- if .Values.kafka.tls.enabled }}
- name: kafka-tls
  mountPath: {{ include "kew.kafkaTlsDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* An HTTP probe on the metrics port; call with (dict "probe" .Values.producer.livenessProbe "path" "/healthz"). */}}
{{- define "kew.httpProbe" -}}
httpGet:
  path: {{ .path }}
  port: metrics
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
{{- end -}}
